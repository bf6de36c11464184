package dev.descent.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loss scaling for float16 gradients (Micikevicius et al. 2018, "Mixed Precision Training", §3.2):
 * torch's {@code torch.cuda.amp.GradScaler}, fused into {@link Optimizer#step()}. The caller
 * backpropagates the loss multiplied by {@link #scale()} ({@link #scale(double)}, torch's
 * {@code scaler.scale(loss)}), so that small gradients survive float16's range; the optimizer it is
 * given to ({@link Optimizer.Builder#gradScaler}) does the rest of {@code scaler.step(optimizer);
 * scaler.update()} inside its step:
 *
 * <ul>
 *   <li>the unscale, {@code g·inv_scale}, is a coefficient of every optimizer kernel
 *       ({@link dev.descent.kernel.GradientClip#unscale()}): the gradients are never written;
 *   <li>found-inf: the step's NaN/Infinity scan of the (scaled) gradients — torch checks the scaled
 *       values too — finds a non-finite element, the step is skipped (parameters and state untouched,
 *       counted in {@link Optimizer#skippedSteps()}) and the scale backs off:
 *       {@code scale·backoff_factor}, the growth tracker back to 0;
 *   <li>after {@code growth_interval} applied steps in a row the scale grows by {@code growth_factor},
 *       unless that would overflow float32 (torch's {@code _amp_update_scale_}).
 * </ul>
 *
 * <p>The arithmetic is torch 1.13's: the scale is a float32; {@code inv_scale} is the float32 of the
 * double reciprocal ({@code grad_scaler.py}, {@code _unscale_grads_}); an update multiplies the float32
 * scale by the double factor and rounds to float32 ({@code amp_update_scale_cuda_kernel},
 * aten/src/ATen/native/cuda/AmpKernels.cu).
 *
 * <p>A {@linkplain #fixed fixed} scale (apex's static loss scale) is unscaled the same way but never
 * changes and does not skip: a non-finite gradient is handled as the optimizer handles one without a
 * scaler (it throws, or skips with {@link Optimizer.Builder#skipNonFinite}).
 *
 * <p>The scale and the growth tracker are {@link Checkpointable}: an optimizer's checkpoint carries
 * them under {@value #CHECKPOINT_KEY} (with torch's {@code state_dict()} names) and restores them.
 * Not thread-safe.
 *
 * <pre>{@code
 * GradScaler scaler = GradScaler.dynamic();
 * Optimizer opt = Optimizer.builder(backend).group(...).gradScaler(scaler).build();
 * for (...) {
 *     backward(scaler.scale(loss));   // float16 gradients of the scaled loss
 *     opt.step();                     // unscales, skips on Inf/NaN, updates the scale
 * }
 * }</pre>
 */
public final class GradScaler implements Checkpointable {

    /** The key of a scaler's state in a checkpoint. */
    public static final String CHECKPOINT_KEY = "grad_scaler";
    /** torch's default {@code init_scale}, 2^16. */
    public static final float DEFAULT_INIT_SCALE = 65536f;
    /** torch's default {@code growth_factor}. */
    public static final double DEFAULT_GROWTH_FACTOR = 2.0;
    /** torch's default {@code backoff_factor}. */
    public static final double DEFAULT_BACKOFF_FACTOR = 0.5;
    /** torch's default {@code growth_interval}. */
    public static final int DEFAULT_GROWTH_INTERVAL = 2000;

    static final String SCALE = "scale";
    static final String GROWTH_FACTOR = "growth_factor";
    static final String BACKOFF_FACTOR = "backoff_factor";
    static final String GROWTH_INTERVAL = "growth_interval";
    static final String GROWTH_TRACKER = "_growth_tracker";
    static final String DYNAMIC = "dynamic";
    private static final List<String> STATE = List.of(SCALE, GROWTH_FACTOR, BACKOFF_FACTOR, GROWTH_INTERVAL,
            GROWTH_TRACKER, DYNAMIC);

    private final double growthFactor;
    private final double backoffFactor;
    private final int growthInterval;
    private final boolean dynamic;
    private float scale;
    private int growthTracker;

    private GradScaler(float initScale, double growthFactor, double backoffFactor, int growthInterval,
            boolean dynamic) {
        if (!(initScale > 0f && initScale < Float.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("a loss scale must be finite and > 0, got " + initScale);
        }
        if (dynamic) {
            if (!(growthFactor > 1.0 && growthFactor < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("growth_factor must be finite and > 1, got " + growthFactor);
            }
            if (!(backoffFactor > 0.0 && backoffFactor < 1.0)) {
                throw new IllegalArgumentException("backoff_factor must lie in (0, 1), got " + backoffFactor);
            }
            if (growthInterval < 1) {
                throw new IllegalArgumentException("growth_interval must be ≥ 1, got " + growthInterval);
            }
        }
        this.scale = initScale;
        this.growthFactor = growthFactor;
        this.backoffFactor = backoffFactor;
        this.growthInterval = growthInterval;
        this.dynamic = dynamic;
    }

    /** torch's {@code GradScaler()}: init_scale 2^16, growth_factor 2, backoff_factor 0.5, growth_interval 2000. */
    public static GradScaler dynamic() {
        return dynamic(DEFAULT_INIT_SCALE, DEFAULT_GROWTH_FACTOR, DEFAULT_BACKOFF_FACTOR, DEFAULT_GROWTH_INTERVAL);
    }

    /**
     * torch's {@code GradScaler(init_scale, growth_factor, backoff_factor, growth_interval)}.
     *
     * @throws IllegalArgumentException naming the argument: {@code initScale} not finite and
     *     {@code > 0}, {@code growthFactor ≤ 1}, {@code backoffFactor} outside {@code (0, 1)},
     *     {@code growthInterval < 1}
     */
    public static GradScaler dynamic(float initScale, double growthFactor, double backoffFactor, int growthInterval) {
        return new GradScaler(initScale, growthFactor, backoffFactor, growthInterval, true);
    }

    /**
     * A constant loss scale: gradients are unscaled by {@code 1/scale} but nothing is skipped or
     * adjusted (a non-finite gradient is the optimizer's usual error).
     *
     * @throws IllegalArgumentException if {@code scale} is not finite and {@code > 0}
     */
    public static GradScaler fixed(float scale) {
        return new GradScaler(scale, 1.0, 1.0, 0, false);
    }

    /** The current scale (torch's {@code get_scale()}). */
    public float scale() {
        return scale;
    }

    /** {@code loss·scale}, the value to backpropagate (torch's {@code scaler.scale(loss)}). */
    public double scale(double loss) {
        return loss * scale;
    }

    /**
     * The factor that unscales the gradients: the float32 of {@code 1/scale} computed in double
     * (torch's {@code self._scale.double().reciprocal().float()}); {@code +∞} once the scale has
     * backed off to 0 or below float32's range of reciprocals.
     */
    public float inverseScale() {
        return (float) (1.0 / scale);
    }

    /** Whether the scale adjusts itself ({@link #dynamic()}) or is {@linkplain #fixed fixed}. */
    public boolean isDynamic() {
        return dynamic;
    }

    /** The applied steps in a row since the scale last changed or a step was skipped. */
    public int growthTracker() {
        return growthTracker;
    }

    /** {@code growth_factor} (1 for a fixed scale). */
    public double growthFactor() {
        return growthFactor;
    }

    /** {@code backoff_factor} (1 for a fixed scale). */
    public double backoffFactor() {
        return backoffFactor;
    }

    /** {@code growth_interval} (0 for a fixed scale). */
    public int growthInterval() {
        return growthInterval;
    }

    /**
     * torch's {@code scaler.update()} after a step, {@code _amp_update_scale_}: backs off when
     * {@code foundInf}, else counts the step and grows the scale after {@code growth_interval} of
     * them (keeping it when the product overflows float32). A fixed scale does not change.
     * {@link Optimizer#step()} calls it; call it yourself only for a scaler used without an optimizer.
     */
    public void update(boolean foundInf) {
        if (!dynamic) {
            return;
        }
        if (foundInf) {
            scale = (float) (scale * backoffFactor);
            growthTracker = 0;
            return;
        }
        int successful = growthTracker + 1;
        if (successful == growthInterval) {
            float grown = (float) (scale * growthFactor);
            if (Float.isFinite(grown)) {
                scale = grown;
            }
            growthTracker = 0;
        } else {
            growthTracker = successful;
        }
    }

    @Override
    public String checkpointKey() {
        return CHECKPOINT_KEY;
    }

    /**
     * torch's {@code state_dict()}: {@code scale}, {@code growth_factor}, {@code backoff_factor},
     * {@code growth_interval}, {@code _growth_tracker}, and Descent's {@code dynamic} (1 or 0).
     */
    @Override
    public Map<String, Double> checkpointState() {
        Map<String, Double> state = new LinkedHashMap<>();
        state.put(SCALE, (double) scale);
        state.put(GROWTH_FACTOR, growthFactor);
        state.put(BACKOFF_FACTOR, backoffFactor);
        state.put(GROWTH_INTERVAL, (double) growthInterval);
        state.put(GROWTH_TRACKER, (double) growthTracker);
        state.put(DYNAMIC, dynamic ? 1.0 : 0.0);
        return state;
    }

    /**
     * Puts back the scale and the growth tracker of a {@link #checkpointState()}. Unlike torch's
     * {@code load_state_dict}, which takes the file's factors, the factors, the interval and the kind
     * must be this scaler's: a checkpoint resumed with other settings is refused, naming them.
     *
     * @throws IllegalArgumentException naming a missing, unexpected, differing or invalid entry; nothing changes then
     */
    @Override
    public void restoreCheckpointState(Map<String, Double> state) {
        Checkpointable.requireEntries(CHECKPOINT_KEY, state, STATE);
        Map<String, Double> ours = checkpointState();
        for (String setting : List.of(DYNAMIC, GROWTH_FACTOR, BACKOFF_FACTOR, GROWTH_INTERVAL)) {
            if (Double.compare(state.get(setting), ours.get(setting)) != 0) {
                throw new IllegalArgumentException(CHECKPOINT_KEY + ": the checkpoint's " + setting + " is "
                        + state.get(setting) + ", this scaler's " + ours.get(setting)
                        + " (a scaler resumes with the settings it was saved with)");
            }
        }
        double savedScale = state.get(SCALE);
        if (!(savedScale >= 0 && savedScale < Double.POSITIVE_INFINITY) || (float) savedScale != savedScale) {
            throw new IllegalArgumentException(CHECKPOINT_KEY + ": the checkpoint's scale " + savedScale
                    + " is not a finite float32 ≥ 0");
        }
        double tracker = state.get(GROWTH_TRACKER);
        if (!(tracker >= 0 && tracker < Math.max(growthInterval, 1)) || tracker != Math.rint(tracker)) {
            throw new IllegalArgumentException(CHECKPOINT_KEY + ": the checkpoint's " + GROWTH_TRACKER + " "
                    + tracker + " is not a whole number in [0, " + Math.max(growthInterval, 1) + ")");
        }
        scale = (float) savedScale;
        growthTracker = (int) tracker;
    }

    @Override
    public String toString() {
        return dynamic ? "GradScaler(scale=" + scale + ", growth_factor=" + growthFactor + ", backoff_factor="
                + backoffFactor + ", growth_interval=" + growthInterval + ", growth_tracker=" + growthTracker + ")"
                : "GradScaler(fixed scale=" + scale + ")";
    }
}
