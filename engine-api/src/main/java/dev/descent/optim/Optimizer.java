package dev.descent.optim;

import dev.descent.backend.Backend;
import dev.descent.backend.OptimizerKernels;
import dev.descent.backend.ParameterSlots;
import dev.descent.kernel.GradientClip;
import dev.descent.kernel.NormType;
import dev.descent.tensor.AbstractTensor;
import dev.descent.tensor.DType;
import dev.descent.tensor.Shapes;
import dev.descent.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs an optimizer over parameter groups on one backend: torch.optim's {@code step()} for a
 * training loop written in Java.
 *
 * <pre>{@code
 * try (Optimizer opt = Optimizer.builder(backend)
 *         .group(ParamGroup.of(Adam.defaults().withLr(1e-3), new Parameter(w, dw)))
 *         .build()) {
 *     for (...) { computeGradients(dw); opt.step(); }
 * }
 * }</pre>
 *
 * <p>The optimizer owns its state tensors (named {@code "<param>.<state>"}, torch's state names) and
 * frees them on {@link #close()}; the parameters and gradients stay the caller's. A step whose
 * gradients hold NaN or ±Infinity throws {@link NonFiniteGradientException} and changes nothing,
 * or, with {@link Builder#skipNonFinite(boolean)}, is skipped and counted.
 *
 * <p>Gradient clipping ({@link GradientClipping}: torch's {@code clip_grad_norm_} and
 * {@code clip_grad_value_}) runs inside the step, for the whole optimizer or per group:
 *
 * <pre>{@code
 * Optimizer opt = Optimizer.builder(backend).group(...).clipGradNorm(1.0).build();
 * opt.step();                     // as clip_grad_norm_(params, 1.0) then optimizer.step()
 * double norm = opt.lastGradNorm(); // the total norm before clipping, for logging
 * }</pre>
 *
 * <p>The norm is one pass over the gradients, which is also the step's NaN/Infinity check, and the
 * clip reaches every optimizer kernel as a {@link GradientClip} coefficient: the gradients are
 * never written.
 *
 * <p>Loss scaling ({@link GradScaler}: torch's {@code GradScaler}) runs inside the step too: with
 * {@link Builder#gradScaler}, the gradients are those of the loss times {@link GradScaler#scale()},
 * every kernel unscales them as it reads them (a {@link GradientClip#unscale()} coefficient), the
 * norm of a norm clipping is that of the unscaled gradients, and a step whose gradients hold NaN or
 * ±Infinity is skipped and the scale backs off, as {@code scaler.step(optimizer); scaler.update()}.
 *
 * <p>Mixed precision: bfloat16 and float16 parameters (with gradients of their dtype) train with
 * float32 master weights, {@link Builder#masterWeights(boolean)}:
 *
 * <pre>{@code
 * Tensor w = backend.allocate("w", DType.BFLOAT16, 512, 256);  // copyFrom(float[]) rounds to nearest even
 * Tensor dw = backend.allocate("dw", DType.BFLOAT16, 512, 256);
 * Optimizer opt = Optimizer.builder(backend).masterWeights(true)
 *         .group(ParamGroup.of(AdamW.defaults(), new Parameter(w, dw))).build();
 * opt.step(); // the float32 master_param and state updated, w = the master rounded to bfloat16
 * }</pre>
 */
public final class Optimizer implements AutoCloseable {

    private final Backend backend;
    private final List<ParamGroup> groups;
    private final List<List<ParameterSlots>> slots;
    private final List<GroupState> groupStates;
    private final Map<Tensor, ParameterSlots> byParam = new IdentityHashMap<>();
    private final boolean skipNonFinite;
    private final GradientClipping clipping; // the optimizer's, for the groups without their own
    private final List<GradientClipping> ownClipping; // per group, null where none
    private final List<ParameterSlots> sharedSlots; // the slots of every group the optimizer's clipping covers
    private final Tensor[] tensors; // every parameter, gradient and state tensor, for the open check of each step
    private final double[] lastGroupNorms;
    private final GradScaler scaler; // null without loss scaling
    private double lastGradNorm = Double.NaN;
    private long stepCount;
    private long skippedSteps;
    private boolean closed;

    private Optimizer(Backend backend, List<ParamGroup> groups, boolean skipNonFinite, GradientClipping clipping,
            List<GradientClipping> ownClipping, GradScaler scaler) {
        this.backend = backend;
        this.scaler = scaler;
        this.groups = new ArrayList<>(groups);
        this.skipNonFinite = skipNonFinite;
        this.clipping = clipping;
        this.ownClipping = new ArrayList<>(ownClipping);
        this.lastGroupNorms = new double[groups.size()];
        Arrays.fill(lastGroupNorms, Double.NaN);
        this.slots = new ArrayList<>();
        this.groupStates = new ArrayList<>();
        List<ParameterSlots> shared = new ArrayList<>();
        try {
            for (ParamGroup g : this.groups) {
                List<ParameterSlots> list = new ArrayList<>();
                for (Parameter p : g.params()) {
                    ParameterSlots s = new ParameterSlots(p.param(), p.grad(), allocateState(g.spec(), p.param()));
                    list.add(s);
                    byParam.put(p.param(), s);
                }
                slots.add(List.copyOf(list));
                groupStates.add(new GroupState());
                if (this.ownClipping.get(slots.size() - 1) == null) {
                    shared.addAll(list);
                }
            }
        } catch (RuntimeException e) {
            freeState();
            throw e;
        }
        this.sharedSlots = List.copyOf(shared); // one list for every step: a backend may cache its table
        List<Tensor> all = new ArrayList<>();
        for (List<ParameterSlots> group : slots) {
            for (ParameterSlots s : group) {
                all.add(s.param());
                all.add(s.grad());
                all.addAll(s.state().values());
            }
        }
        this.tensors = all.toArray(new Tensor[0]);
    }

    /** A builder for an optimizer on {@code backend}. */
    public static Builder builder(Backend backend) {
        return new Builder(backend);
    }

    /** An optimizer with one group. */
    public static Optimizer of(Backend backend, OptimizerSpec spec, Parameter... params) {
        return builder(backend).group(ParamGroup.of(spec, params)).build();
    }

    /**
     * One step over every parameter of every group.
     *
     * @return true if the step was applied, false if it was skipped for a non-finite gradient
     * @throws NonFiniteGradientException if a gradient is non-finite and skipping is off (and no
     *     dynamic {@link GradScaler} skips it)
     */
    public boolean step() {
        return step(Double.NaN);
    }

    /**
     * One step, given the loss at the current parameters (iRprop+ needs it to decide whether to
     * backtrack; other optimizers ignore it).
     */
    public boolean step(double loss) {
        requireOpen();
        long t = stepCount + 1;
        // Everything that can fail is checked before the first write, so a failed step changes nothing.
        // Usage errors come first: they throw even where a non-finite gradient would only skip the step.
        for (Tensor tensor : tensors) {
            requireOpen(tensor);
        }
        List<OptimizerSpec> specs = new ArrayList<>(groups.size());
        for (ParamGroup g : groups) {
            OptimizerSpec spec = g.specAt(stepCount);
            if (spec.needsLoss() && Double.isNaN(loss)) {
                throw new IllegalStateException(spec.name() + " (" + spec + ") needs the loss: call step(loss)");
            }
            specs.add(spec);
        }
        float unscale = unscale(t);
        GradientClip[] clips = clips(t, unscale);
        if (clips == null) {
            skippedSteps++;
            if (scaler != null) {
                scaler.update(true);
            }
            return false;
        }
        for (int i = 0; i < groups.size(); i++) {
            specs.get(i).step(new StepContext(backend.optimizerKernels(), t, loss, groupStates.get(i), clips[i]),
                    slots.get(i));
        }
        stepCount = t;
        if (scaler != null) {
            scaler.update(false);
        }
        return true;
    }

    /**
     * The factor that unscales this step's gradients: the scaler's {@code inv_scale}, 1 without one.
     *
     * @throws NonFiniteGradientException if the scale has backed off so far that its inverse is
     *     infinite (every step's gradients were non-finite at every scale tried)
     */
    private float unscale(long t) {
        if (scaler == null) {
            return 1f;
        }
        float unscale = scaler.inverseScale();
        if (!(unscale < Float.POSITIVE_INFINITY)) {
            throw NonFiniteGradientException.ofScale(scaler.scale(), skippedSteps, t);
        }
        return unscale;
    }

    /**
     * The clip of each group for step {@code t}, or null if the step is to be skipped: the norms of
     * the groups that clip by norm (one pass over their gradients, which also finds NaN and ±Infinity
     * there; the norm of the scaled gradients times {@code unscale}, in double), the finiteness check
     * of the others; each clip unscales by {@code unscale}. Writes nothing but the last norms, and
     * those only when the step goes on or is skipped.
     */
    private GradientClip[] clips(long t, float unscale) {
        OptimizerKernels kernels = backend.optimizerKernels();
        int n = groups.size();
        double shared = clipping instanceof GradientClipping.Norm norm && !sharedSlots.isEmpty()
                ? kernels.gradientNorm(norm.normType(), sharedSlots) * unscale : Double.NaN;
        double[] norms = new double[n];
        GradientClip[] clips = new GradientClip[n];
        boolean finite = true;
        for (int i = 0; i < n; i++) {
            GradientClipping c = clipping(i).orElse(null);
            norms[i] = Double.NaN;
            clips[i] = GradientClip.NONE;
            if (c instanceof GradientClipping.Norm norm) {
                norms[i] = ownClipping.get(i) != null
                        ? kernels.gradientNorm(norm.normType(), slots.get(i)) * unscale : shared;
                if (!Double.isFinite(norms[i])) {
                    if (norm.errorIfNonfinite()) {
                        throw NonFiniteGradientException.ofNorm(norm, norms[i], firstNonFinite(), t);
                    }
                    finite = false;
                } else if (norm.scale(norms[i]) < 1) {
                    clips[i] = GradientClip.scaledBy((float) norm.scale(norms[i]));
                }
            } else {
                finite = finite && !kernels.hasNonFiniteGradient(slots.get(i));
                if (c instanceof GradientClipping.Value value) {
                    clips[i] = GradientClip.clampedTo((float) value.clipValue());
                }
            }
        }
        boolean skips = skipNonFinite || scaler != null && scaler.isDynamic();
        if (!finite && !skips) {
            throw new NonFiniteGradientException(firstNonFinite(), t);
        }
        System.arraycopy(norms, 0, lastGroupNorms, 0, n);
        lastGradNorm = shared;
        if (!finite) {
            return null;
        }
        if (unscale != 1f) {
            for (int i = 0; i < n; i++) {
                clips[i] = clips[i].unscaledBy(unscale);
            }
        }
        return clips;
    }

    /**
     * Whether {@code s}'s gradient holds NaN or ±Infinity: the vector operations' scan, or for a
     * bfloat16/float16 gradient (which they do not take) the max-norm kernel, NaN or +∞ exactly then.
     */
    private boolean hasNonFinite(ParameterSlots s) {
        return s.hasMaster() ? !Double.isFinite(backend.optimizerKernels().gradientNorm(NormType.INFINITY, List.of(s)))
                : backend.vectorOps().hasNonFinite(s.grad());
    }

    /** The name of the first gradient, in group order, that holds NaN or ±Infinity. */
    private String firstNonFinite() {
        for (List<ParameterSlots> group : slots) {
            for (ParameterSlots s : group) {
                if (hasNonFinite(s)) {
                    return s.grad().name();
                }
            }
        }
        throw new IllegalStateException("a gradient norm was not finite but no gradient holds NaN or Infinity");
    }

    /**
     * The gradient clipping of group {@code index}: its own, else the optimizer's, else empty.
     */
    public Optional<GradientClipping> clipping(int index) {
        requireGroup(index);
        GradientClipping own = ownClipping.get(index);
        return Optional.ofNullable(own != null ? own : clipping);
    }

    /**
     * The total norm of the gradients, before clipping, at the last step (applied or skipped) of the
     * optimizer's norm clipping ({@link Builder#clipGradNorm}): over every group without a clipping of
     * its own, as torch's {@code clip_grad_norm_} returns it; NaN before the first step, or if the
     * optimizer clips by value or not at all.
     */
    public double lastGradNorm() {
        return lastGradNorm;
    }

    /**
     * The total norm that clipped group {@code index} at the last step (applied or skipped): its own
     * norm, or the optimizer's {@link #lastGradNorm()}; NaN if the group does not clip by norm.
     */
    public double lastGradNorm(int index) {
        requireGroup(index);
        return lastGroupNorms[index];
    }

    /** Steps applied so far (skipped steps not counted). */
    public long stepCount() {
        return stepCount;
    }

    /**
     * The loss scaler the step unscales the gradients by and updates ({@link Builder#gradScaler}), if any.
     */
    public Optional<GradScaler> gradScaler() {
        return Optional.ofNullable(scaler);
    }

    /** Steps skipped because a gradient was non-finite (found-inf steps of a {@link GradScaler} among them). */
    public long skippedSteps() {
        return skippedSteps;
    }

    /** The groups: as built, with the specs set since by {@link #setSpec} and its kin (a read-only copy). */
    public List<ParamGroup> groups() {
        return List.copyOf(groups);
    }

    /**
     * The base spec of group {@code group}: its hyper-parameters before the schedules, as built or as last
     * set by {@link #setSpec}, {@link #setLr} or {@link #setHyper}.
     *
     * @throws IllegalArgumentException if there is no such group
     */
    public OptimizerSpec spec(int group) {
        return groups.get(requireGroup(group)).spec();
    }

    /**
     * The spec the next step of group {@code group} runs with: its base {@link #spec} with the group's
     * schedules applied at the current step count (torch's {@code get_last_lr()}, for logging).
     *
     * @throws IllegalArgumentException if there is no such group, or as the schedules throw
     */
    public OptimizerSpec scheduledSpec(int group) {
        return groups.get(requireGroup(group)).specAt(stepCount);
    }

    /**
     * Replaces the hyper-parameters of group {@code group} between steps: the next step uses them, with
     * the group's schedules applied on top of the new base values (a learning-rate schedule scales the
     * new {@code lr}). The optimizer and its state stay: {@code spec} must be the same optimizer
     * ({@link OptimizerSpec#name()}) with the same state tensors ({@link OptimizerSpec#state()} names),
     * so turning AMSGrad on, or a variant that keeps other state, needs a new optimizer. Rprop reads
     * {@code lr} only to fill {@code step_size} when the state is created (or {@link #reset}), as torch does.
     *
     * @throws IllegalArgumentException naming the problem if there is no such group, the optimizer
     *     differs or the state would; nothing changes then
     */
    public void setSpec(int group, OptimizerSpec spec) {
        requireOpen();
        Objects.requireNonNull(spec, "spec");
        ParamGroup current = groups.get(requireGroup(group));
        OptimizerSpec old = current.spec();
        if (!old.name().equals(spec.name())) {
            throw new IllegalArgumentException("group " + group + " runs " + old.name() + ", not " + spec.name()
                    + ": changing the optimizer needs a new Optimizer");
        }
        List<String> oldState = stateNames(old);
        List<String> newState = stateNames(spec);
        if (!oldState.equals(newState)) {
            throw new IllegalArgumentException("group " + group + ": " + spec.name() + " with these hyper-parameters"
                    + " keeps the state " + newState + " but the optimizer holds " + oldState
                    + ": changing the state layout needs a new Optimizer");
        }
        groups.set(group, current.withSpec(spec));
    }

    /**
     * Sets the base learning rate of group {@code group}, validated as the spec validates it (a NaN or
     * negative rate throws {@link IllegalArgumentException} naming {@code lr}, and nothing changes).
     *
     * @see #setSpec
     */
    public void setLr(int group, double lr) {
        setSpec(group, spec(group).withLr(lr));
    }

    /**
     * Sets one hyper-parameter of group {@code group} by its torch name ({@code "lr"}, {@code "betas"} as a
     * two-element list, {@code "weight_decay"}, ...), validated as {@link OptimizerSpecs#fromHyper} validates
     * it: an unknown name, a value of the wrong kind or out of range throws
     * {@link IllegalArgumentException} naming the hyper-parameter, and nothing changes.
     *
     * @see #setSpec
     */
    public void setHyper(int group, String torchName, Object value) {
        Objects.requireNonNull(torchName, "torchName");
        OptimizerSpec old = spec(group);
        Map<String, Object> hyper = new LinkedHashMap<>(OptimizerSpecs.hyper(old));
        if (!hyper.containsKey(torchName)) {
            throw new IllegalArgumentException("unknown hyper-parameter '" + torchName + "' for " + old.name()
                    + " (known: " + String.join(", ", hyper.keySet()) + ")");
        }
        hyper.put(torchName, Objects.requireNonNull(value, torchName));
        setSpec(group, OptimizerSpecs.fromHyper(old.name(), hyper));
    }

    /** The backend the optimizer runs on. */
    public Backend backend() {
        return backend;
    }

    /**
     * The named state tensors of {@code param}: a read-only map (putting or removing throws, saying
     * so) of live tensors, which may be read and written ({@code copyFrom}) to change the state.
     */
    public Map<String, Tensor> state(Tensor param) {
        requireOpen();
        ParameterSlots s = byParam.get(param);
        if (s == null) {
            throw new IllegalArgumentException("tensor '" + param.name() + "' is not a parameter of this optimizer");
        }
        return new StateView(param.name(), s.state());
    }

    /** The scalar host state of group {@code index} (NAdam's {@code mu_product}, ...). */
    public Map<String, Double> groupState(int index) {
        return groupStates.get(index).asMap();
    }

    /**
     * Continues a run that has already taken {@code steps} steps, as torch's {@code load_state_dict}
     * does with a checkpoint's {@code step}: the next step is step {@code steps + 1} (bias corrections,
     * Adagrad's {@code lr_decay}, schedules). Load the state tensors through {@link #state} and the
     * group scalars through {@link #putGroupState} as well.
     *
     * @throws IllegalArgumentException if {@code steps < 0}
     */
    public void resume(long steps) {
        requireOpen();
        if (steps < 0) {
            throw new IllegalArgumentException("steps taken must be ≥ 0, got " + steps);
        }
        stepCount = steps;
    }

    /**
     * Sets the scalar host state {@code name} of group {@code index} (NAdam's {@code mu_product},
     * SGD's {@code momentum_buffer_started}), for a resumed run.
     */
    public void putGroupState(int index, String name, double value) {
        requireOpen();
        groupStates.get(index).put(name, value);
    }

    /**
     * Puts every state tensor back to its initial value (a master copy to its parameter's current
     * values) and the step count to 0.
     */
    public void reset() {
        requireOpen();
        for (int i = 0; i < groups.size(); i++) {
            for (ParameterSlots s : slots.get(i)) {
                initialise(groups.get(i).spec(), s.state());
                if (s.hasMaster()) {
                    copyToMaster(s.param(), s.state());
                }
            }
            groupStates.get(i).clear();
        }
        stepCount = 0;
        skippedSteps = 0;
        lastGradNorm = Double.NaN;
        Arrays.fill(lastGroupNorms, Double.NaN);
    }

    /**
     * Writes the optimizer's state to {@code file} atomically, as an {@link OptimizerCheckpoint}
     * (safetensors); {@link OptimizerCheckpoint#writer} adds model weights, schedulers and metadata.
     *
     * @throws java.io.UncheckedIOException if the file cannot be written; a previous file is unchanged
     */
    public void save(Path file) {
        OptimizerCheckpoint.writer(this).write(file);
    }

    /**
     * Loads a checkpoint written by {@link #save} into this optimizer, built with the same groups,
     * parameter names and shapes; the optimizer keeps its own hyper-parameters where the file's differ,
     * and the returned {@link CheckpointLoad} lists them.
     *
     * @throws IllegalArgumentException naming the file and what differs; nothing changes then
     * @see OptimizerCheckpoint#restore
     */
    public CheckpointLoad load(Path file) {
        return load(file, HyperPolicy.KEEP_OPTIMIZER);
    }

    /** {@link #load(Path)} with {@code policy} deciding which hyper-parameters win. */
    public CheckpointLoad load(Path file, HyperPolicy policy) {
        return OptimizerCheckpoint.read(file).restore(this, policy);
    }

    /** A checkpoint's counters and group scalars, all at once (checked by the caller). */
    void restoreCounters(long steps, long skipped, List<Map<String, Double>> scalars) {
        requireOpen();
        stepCount = steps;
        skippedSteps = skipped;
        for (int i = 0; i < groupStates.size(); i++) {
            groupStates.get(i).clear();
            scalars.get(i).forEach(groupStates.get(i)::put);
        }
    }

    /** Frees the state tensors; the parameters and gradients stay open. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            freeState();
        }
    }

    private int requireGroup(int group) {
        if (group < 0 || group >= groups.size()) {
            throw new IllegalArgumentException("group " + group + " does not exist: the optimizer has "
                    + groups.size() + " group" + (groups.size() == 1 ? "" : "s"));
        }
        return group;
    }

    private static List<String> stateNames(OptimizerSpec spec) {
        return spec.state().stream().map(StateSpec::name).toList();
    }

    private Map<String, Tensor> allocateState(OptimizerSpec spec, Tensor param) {
        Map<String, Tensor> state = new LinkedHashMap<>();
        try {
            for (StateSpec st : spec.state()) {
                state.put(st.name(), backend.allocate(param.name() + "." + st.name(), DType.FLOAT32, param.shape()));
            }
            if (param.dtype().isLowPrecision()) {
                String master = ParameterSlots.MASTER_PARAM;
                state.put(master, backend.allocate(param.name() + "." + master, DType.FLOAT32, param.shape()));
                copyToMaster(param, state);
            }
            initialise(spec, state);
        } catch (RuntimeException e) {
            state.values().forEach(Tensor::close);
            throw e;
        }
        return state;
    }

    /** The master copy of a low-precision {@code param} set to its values, widened exactly. */
    private static void copyToMaster(Tensor param, Map<String, Tensor> state) {
        state.get(ParameterSlots.MASTER_PARAM).copyFrom(param.toFloatArray());
    }

    private void initialise(OptimizerSpec spec, Map<String, Tensor> state) {
        for (StateSpec st : spec.state()) {
            backend.vectorOps().fill(state.get(st.name()), st.initialValue());
        }
    }

    private void freeState() {
        for (ParameterSlots s : byParam.values()) {
            s.state().values().forEach(Tensor::close);
        }
    }

    void requireOpen() {
        if (closed) {
            throw new IllegalStateException("optimizer is closed");
        }
    }

    private static void requireOpen(Tensor t) {
        if (t.isClosed()) {
            throw new IllegalStateException(t instanceof AbstractTensor a ? a.closedMessage()
                    : "tensor '" + t.name() + "' is closed");
        }
    }

    /** Builds an {@link Optimizer}, checking every parameter. */
    public static final class Builder {
        private final Backend backend;
        private final List<ParamGroup> groups = new ArrayList<>();
        private final List<GradientClipping> ownClipping = new ArrayList<>();
        private boolean skipNonFinite;
        private boolean masterWeights;
        private GradientClipping clipping;
        private GradScaler scaler;

        private Builder(Backend backend) {
            this.backend = Objects.requireNonNull(backend, "backend");
        }

        /** Adds a parameter group. */
        public Builder group(ParamGroup group) {
            groups.add(Objects.requireNonNull(group, "group"));
            ownClipping.add(null);
            return this;
        }

        /**
         * Adds a parameter group with a gradient clipping of its own: the norm of a norm clipping is
         * taken over this group's gradients alone, and the optimizer's clipping does not apply to it.
         */
        public Builder group(ParamGroup group, GradientClipping clipping) {
            groups.add(Objects.requireNonNull(group, "group"));
            ownClipping.add(Objects.requireNonNull(clipping, "clipping"));
            return this;
        }

        /**
         * Clips the gradients of every group without a clipping of its own inside each step; a norm
         * is taken over all those groups together, as {@code clip_grad_norm_(model.parameters(), ...)}.
         */
        public Builder clipping(GradientClipping clipping) {
            this.clipping = Objects.requireNonNull(clipping, "clipping");
            return this;
        }

        /**
         * {@code clip_grad_norm_(params, maxNorm)} inside each step: the 2-norm, and a non-finite norm
         * handled as any non-finite gradient ({@link #skipNonFinite}).
         *
         * @throws IllegalArgumentException if {@code maxNorm} is negative or NaN
         */
        public Builder clipGradNorm(double maxNorm) {
            return clipping(GradientClipping.norm(maxNorm));
        }

        /**
         * {@code clip_grad_norm_(params, maxNorm, normType, errorIfNonfinite)} inside each step.
         *
         * @throws IllegalArgumentException if {@code maxNorm} is negative or NaN, or {@code normType}
         *     is neither 2 nor {@code +∞}
         */
        public Builder clipGradNorm(double maxNorm, double normType, boolean errorIfNonfinite) {
            return clipping(GradientClipping.norm(maxNorm, normType, errorIfNonfinite));
        }

        /**
         * {@code clip_grad_value_(params, clipValue)} inside each step.
         *
         * @throws IllegalArgumentException if {@code clipValue} is negative or NaN
         */
        public Builder clipGradValue(double clipValue) {
            return clipping(GradientClipping.value(clipValue));
        }

        /**
         * If true, a step whose gradients are non-finite is skipped (nothing changes, the step count
         * does not advance) and counted in {@link Optimizer#skippedSteps()} instead of throwing.
         */
        public Builder skipNonFinite(boolean skip) {
            this.skipNonFinite = skip;
            return this;
        }

        /**
         * Unscales every gradient by {@code scaler}'s {@link GradScaler#inverseScale()} inside each step,
         * skips a step with a non-finite gradient and updates the scale, as torch's
         * {@code scaler.step(optimizer); scaler.update()}; the scaler is saved in the optimizer's
         * checkpoints and restored from them. One scaler serves one optimizer.
         */
        public Builder gradScaler(GradScaler scaler) {
            this.scaler = Objects.requireNonNull(scaler, "scaler");
            return this;
        }

        /**
         * If true, bfloat16 and float16 parameters (each with a gradient of its dtype) are trained with
         * float32 master weights (Micikevicius et al. 2018, "Mixed Precision Training"): the optimizer
         * keeps a float32 copy of each, the state {@value ParameterSlots#MASTER_PARAM} (initialised from
         * the parameter, saved in checkpoints), and every step reads the low-precision gradient, updates
         * the master and the float32 state exactly as a float32 step would, and writes the master rounded
         * to nearest even into the parameter, in one pass. float32 parameters in the same optimizer are
         * their own master and keep none. Off by default: a low-precision parameter is then refused,
         * since stepping in its own precision would lose the small updates.
         */
        public Builder masterWeights(boolean on) {
            this.masterWeights = on;
            return this;
        }

        /** The optimizer, with its state allocated and initialised. */
        public Optimizer build() {
            if (groups.isEmpty()) {
                throw new IllegalArgumentException("an optimizer needs at least one parameter group");
            }
            Map<Tensor, Boolean> seen = new IdentityHashMap<>();
            for (int i = 0; i < groups.size(); i++) {
                ParamGroup g = groups.get(i);
                if (g.spec() instanceof Vsgd && (ownClipping.get(i) != null || clipping != null)) {
                    throw new IllegalArgumentException("vsgd cannot clip its gradients (group " + i
                            + "): its gradient squares and curvature are inputs that a clip would have to scale too");
                }
                if (g.spec() instanceof Vsgd && scaler != null) {
                    throw new IllegalArgumentException("vsgd cannot unscale its gradients (group " + i + "): its"
                            + " gradient squares and curvature are inputs that a loss scale would have to scale too");
                }
                for (Parameter p : g.params()) {
                    check(p.param());
                    check(p.grad());
                    checkDTypes(p);
                    Shapes.requireSameShape(p.param(), p.grad());
                    if (p.param() == p.grad()) {
                        throw new IllegalArgumentException("tensor '" + p.param().name() + "' is both a parameter and its gradient");
                    }
                    if (seen.put(p.param(), Boolean.TRUE) != null) {
                        throw new IllegalArgumentException("tensor '" + p.param().name() + "' appears in more than one parameter slot");
                    }
                }
            }
            return new Optimizer(backend, groups, skipNonFinite, clipping, ownClipping, scaler);
        }

        private void check(Tensor t) {
            requireOpen(t);
            if (t.backend() != backend) {
                // Two instances of one backend share a name; say so rather than print "'x' but 'x'".
                String owner = t.backend().name().equals(backend.name())
                        ? "another instance of backend '" + t.backend().name() + "'"
                        : "backend '" + t.backend().name() + "'";
                throw new IllegalArgumentException("tensor '" + t.name() + "' belongs to " + owner
                        + " but the optimizer runs on '" + backend.name() + "'");
            }
        }

        private void checkDTypes(Parameter p) {
            DType dtype = p.param().dtype();
            if (dtype.isLowPrecision() && !masterWeights) {
                throw new IllegalArgumentException("parameter '" + p.param().name() + "' is " + dtype.label()
                        + ": an optimizer steps bfloat16 and float16 parameters through float32 master weights;"
                        + " build it with masterWeights(true)");
            }
            if (!dtype.isLowPrecision()) {
                if (masterWeights && dtype != DType.FLOAT32) {
                    throw new IllegalArgumentException("parameter '" + p.param().name() + "' is " + dtype.label()
                            + ": master weights are for bfloat16 and float16 parameters (float32 ones are their own)");
                }
                Shapes.requireDType(p.param(), DType.FLOAT32, "an optimizer");
                Shapes.requireDType(p.grad(), DType.FLOAT32, "an optimizer");
            }
            if (p.grad().dtype() != dtype) {
                throw new IllegalArgumentException("gradient '" + p.grad().name() + "' is " + p.grad().dtype().label()
                        + " but its parameter '" + p.param().name() + "' is " + dtype.label()
                        + ": a gradient has its parameter's dtype");
            }
        }
    }
}
