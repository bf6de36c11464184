package dev.descent.optim.schedule;

import dev.descent.optim.Checkpointable;
import dev.descent.optim.HyperCheck;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * torch's ReduceLROnPlateau: lowers the base learning rate of every group of an optimizer by
 * {@code factor} once a metric (a validation loss, say) has not improved for more than {@code patience}
 * calls of {@link #step(double)}, then waits {@code cooldown} calls before counting again. The rules —
 * what counts as an improvement ({@code mode}, {@code threshold}, {@code threshold_mode}), the counters,
 * {@code new_lr = max(old_lr·factor, min_lr)} applied only when {@code old_lr - new_lr > eps} — are
 * those of torch's {@code ReduceLROnPlateau.step}, {@code _reduce_lr} and {@code is_better}
 * (torch/optim/lr_scheduler.py), in the same arithmetic. A NaN metric is never an improvement, as in torch.
 *
 * <p>The rates are set with {@link Optimizer#setLr}: the groups' schedules, if any, apply on top of
 * them. The counters and the best metric are {@link Checkpointable}: saved with the optimizer's
 * checkpoint (whose hyper-parameters hold the lowered rates) and restored, a resumed run continues exactly.
 *
 * <pre>{@code
 * ReduceLrOnPlateau plateau = ReduceLrOnPlateau.builder(optimizer).factor(0.5).patience(3).build();
 * for (int epoch = 0; epoch < epochs; epoch++) { train(optimizer); plateau.step(validationLoss()); }
 * }</pre>
 */
public final class ReduceLrOnPlateau implements Checkpointable {

    /** Whether the metric should fall (a loss) or rise (an accuracy). */
    public enum Mode {
        /** Improving means falling (torch's {@code 'min'}). */
        MIN,
        /** Improving means rising (torch's {@code 'max'}). */
        MAX;

        /** torch's label, {@code min} or {@code max}. */
        public String label() {
            return labelOf(this);
        }

        /** The mode called {@code label}; throws naming the allowed labels. */
        public static Mode fromLabel(String label) {
            return byLabel(values(), "mode", label);
        }
    }

    /** How {@code threshold} sets the margin an improvement must beat. */
    public enum ThresholdMode {
        /** Beat {@code best·(1 ∓ threshold)} (torch's {@code 'rel'}). */
        REL,
        /** Beat {@code best ∓ threshold} (torch's {@code 'abs'}). */
        ABS;

        /** torch's label, {@code rel} or {@code abs}. */
        public String label() {
            return labelOf(this);
        }

        /** The threshold mode called {@code label}; throws naming the allowed labels. */
        public static ThresholdMode fromLabel(String label) {
            return byLabel(values(), "threshold_mode", label);
        }
    }

    /** torch's label of an option: the constant's name in lower case. */
    private static String labelOf(Enum<?> option) {
        return option.name().toLowerCase(Locale.ROOT);
    }

    /** The option of {@code values} whose label is {@code label}; throws naming the argument and the labels. */
    private static <E extends Enum<E>> E byLabel(E[] values, String argument, String label) {
        List<String> labels = new ArrayList<>();
        for (E e : values) {
            if (labelOf(e).equals(label)) {
                return e;
            }
            labels.add(labelOf(e));
        }
        throw new IllegalArgumentException(argument + " = '" + label + "' is not one of " + String.join(", ", labels));
    }

    /** The checkpoint entry of the best metric so far (torch's state_dict name, as the others). */
    public static final String BEST = "best";
    /** The checkpoint entry of the epochs since the last improvement. */
    public static final String NUM_BAD_EPOCHS = "num_bad_epochs";
    /** The checkpoint entry of the epochs of cooldown left. */
    public static final String COOLDOWN_COUNTER = "cooldown_counter";
    /** The checkpoint entry of the number of epochs (calls of {@link #step(double)}) so far. */
    public static final String LAST_EPOCH = "last_epoch";
    private static final List<String> STATE = List.of(BEST, NUM_BAD_EPOCHS, COOLDOWN_COUNTER, LAST_EPOCH);

    private final Optimizer optimizer;
    private final String key;
    private final Mode mode;
    private final double factor;
    private final long patience;
    private final double threshold;
    private final ThresholdMode thresholdMode;
    private final long cooldown;
    private final double[] minLrs;
    private final double eps;
    private double best;
    private long numBadEpochs;
    private long cooldownCounter;
    private long lastEpoch;

    private ReduceLrOnPlateau(Builder b, double[] minLrs) {
        this.optimizer = b.optimizer;
        this.key = b.key;
        this.mode = b.mode;
        this.factor = b.factor;
        this.patience = b.patience;
        this.threshold = b.threshold;
        this.thresholdMode = b.thresholdMode;
        this.cooldown = b.cooldown;
        this.minLrs = minLrs;
        this.eps = b.eps;
        this.best = worst();
    }

    /** A builder with torch's defaults: min, factor 0.1, patience 10, threshold 1e-4 rel, no cooldown, min_lr 0, eps 1e-8. */
    public static Builder builder(Optimizer optimizer) {
        return new Builder(optimizer);
    }

    /**
     * Records the metric of one epoch (torch's {@code step(metrics)}) and lowers the rates if it has
     * stalled for more than {@code patience} epochs.
     *
     * @return whether some group's rate was lowered
     * @throws IllegalArgumentException if a lowered rate is refused by its optimizer; nothing changes then
     */
    public boolean step(double metric) {
        long epoch = lastEpoch + 1;
        double newBest = best;
        long bad = numBadEpochs;
        long cool = cooldownCounter;
        if (isBetter(metric, best)) {
            newBest = metric;
            bad = 0;
        } else {
            bad++;
        }
        if (cool > 0) {
            cool--;
            bad = 0; // torch ignores bad epochs in cooldown
        }
        List<OptimizerSpec> lowered = null;
        if (bad > patience) {
            lowered = lowered(); // validated before anything changes
            cool = cooldown;
            bad = 0;
        }
        boolean changed = false;
        if (lowered != null) {
            for (int i = 0; i < lowered.size(); i++) {
                if (lowered.get(i) != null) {
                    optimizer.setSpec(i, lowered.get(i));
                    changed = true;
                }
            }
        }
        lastEpoch = epoch;
        best = newBest;
        numBadEpochs = bad;
        cooldownCounter = cool;
        return changed;
    }

    /** torch's {@code _reduce_lr}: each group's lowered spec, or null where the change is within eps. */
    private List<OptimizerSpec> lowered() {
        List<OptimizerSpec> specs = new ArrayList<>();
        for (int i = 0; i < minLrs.length; i++) {
            OptimizerSpec spec = optimizer.spec(i);
            double oldLr = spec.lr();
            double newLr = Math.max(oldLr * factor, minLrs[i]);
            specs.add(oldLr - newLr > eps ? spec.withLr(newLr) : null);
        }
        return specs;
    }

    /** torch's {@code is_better}. */
    private boolean isBetter(double a, double best) {
        if (mode == Mode.MIN) {
            return thresholdMode == ThresholdMode.REL ? a < best * (1. - threshold) : a < best - threshold;
        }
        return thresholdMode == ThresholdMode.REL ? a > best * (threshold + 1.) : a > best + threshold;
    }

    private double worst() {
        return mode == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    /** The best metric so far (+∞ in mode min, −∞ in mode max, before the first). */
    public double best() {
        return best;
    }

    /** Epochs since the last improvement, outside cooldown. */
    public long numBadEpochs() {
        return numBadEpochs;
    }

    /** Epochs of cooldown left. */
    public long cooldownCounter() {
        return cooldownCounter;
    }

    /** Calls of {@link #step(double)} so far. */
    public long lastEpoch() {
        return lastEpoch;
    }

    @Override
    public String checkpointKey() {
        return key;
    }

    /** {@code best}, {@code num_bad_epochs}, {@code cooldown_counter} and {@code last_epoch}, as in torch's state_dict. */
    @Override
    public Map<String, Double> checkpointState() {
        Map<String, Double> state = new LinkedHashMap<>();
        state.put(BEST, best);
        state.put(NUM_BAD_EPOCHS, (double) numBadEpochs);
        state.put(COOLDOWN_COUNTER, (double) cooldownCounter);
        state.put(LAST_EPOCH, (double) lastEpoch);
        return state;
    }

    @Override
    public void restoreCheckpointState(Map<String, Double> state) {
        Checkpointable.requireEntries(key, state, STATE);
        Double restoredBest = state.get(BEST);
        if (restoredBest == null || Double.isNaN(restoredBest)) {
            throw new IllegalArgumentException(key + ": checkpoint state best = " + restoredBest
                    + " is invalid: must be a number or ±Infinity");
        }
        long bad = count(state, NUM_BAD_EPOCHS);
        long cool = count(state, COOLDOWN_COUNTER);
        long epoch = count(state, LAST_EPOCH);
        best = restoredBest;
        numBadEpochs = bad;
        cooldownCounter = cool;
        lastEpoch = epoch;
    }

    private long count(Map<String, Double> state, String name) {
        Double v = state.get(name);
        if (v == null || !(v >= 0) || v != Math.rint(v) || v >= 0x1p53) {
            throw new IllegalArgumentException(key + ": checkpoint state " + name + " = " + v
                    + " is invalid: must be an integer ≥ 0");
        }
        return v.longValue();
    }

    /** Configures a {@link ReduceLrOnPlateau}; each setter takes torch's argument of the same name. */
    public static final class Builder {
        private final Optimizer optimizer;
        private String key = "reduce_lr_on_plateau";
        private Mode mode = Mode.MIN;
        private double factor = 0.1;
        private long patience = 10;
        private double threshold = 1e-4;
        private ThresholdMode thresholdMode = ThresholdMode.REL;
        private long cooldown;
        private double[] minLrs = {0};
        private double eps = 1e-8;

        private Builder(Optimizer optimizer) {
            this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        }

        /** {@code min} (default) or {@code max}. */
        public Builder mode(Mode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** The factor a stalled rate is multiplied by, in [0, 1) (default 0.1). */
        public Builder factor(double factor) {
            this.factor = factor;
            return this;
        }

        /** Epochs without improvement tolerated before lowering, ≥ 0 (default 10). */
        public Builder patience(long patience) {
            this.patience = patience;
            return this;
        }

        /** The margin an improvement must beat, ≥ 0 (default 1e-4). */
        public Builder threshold(double threshold) {
            this.threshold = threshold;
            return this;
        }

        /** {@code rel} (default) or {@code abs}. */
        public Builder thresholdMode(ThresholdMode thresholdMode) {
            this.thresholdMode = Objects.requireNonNull(thresholdMode, "threshold_mode");
            return this;
        }

        /** Epochs to wait after lowering before counting bad epochs again, ≥ 0 (default 0). */
        public Builder cooldown(long cooldown) {
            this.cooldown = cooldown;
            return this;
        }

        /** The lowest rate: one for every group, or one per group (each ≥ 0; default 0). */
        public Builder minLr(double... minLrs) {
            this.minLrs = minLrs.clone();
            return this;
        }

        /** A lowering smaller than this is skipped, ≥ 0 (default 1e-8). */
        public Builder eps(double eps) {
            this.eps = eps;
            return this;
        }

        /** The key of the state in a checkpoint (default {@code reduce_lr_on_plateau}). */
        public Builder checkpointKey(String key) {
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("checkpoint key must not be blank");
            }
            this.key = key;
            return this;
        }

        /**
         * The scheduler.
         *
         * @throws IllegalArgumentException naming the first invalid argument
         */
        public ReduceLrOnPlateau build() {
            if (!(factor >= 0 && factor < 1)) {
                throw HyperCheck.invalid("factor", factor, "[0, 1) (torch: factor should be < 1.0)");
            }
            if (patience < 0) {
                throw new IllegalArgumentException("patience = " + patience + " is invalid: must be in [0, ∞)");
            }
            HyperCheck.nonNegative("threshold", threshold);
            if (cooldown < 0) {
                throw new IllegalArgumentException("cooldown = " + cooldown + " is invalid: must be in [0, ∞)");
            }
            HyperCheck.nonNegative("eps", eps);
            int groups = optimizer.groups().size();
            double[] perGroup;
            if (minLrs.length == 1) {
                perGroup = new double[groups];
                Arrays.fill(perGroup, minLrs[0]);
            } else if (minLrs.length == groups) {
                perGroup = minLrs.clone();
            } else {
                throw new IllegalArgumentException("expected 1 or " + groups + " min_lr values (one per group), got "
                        + minLrs.length);
            }
            for (int i = 0; i < perGroup.length; i++) {
                HyperCheck.nonNegative(groups == 1 ? "min_lr" : "min_lr[" + i + "]", perGroup[i]);
            }
            return new ReduceLrOnPlateau(this, perGroup);
        }
    }
}
