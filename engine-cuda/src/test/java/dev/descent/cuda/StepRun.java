package dev.descent.cuda;

import dev.descent.backend.Backend;
import dev.descent.backend.ParameterSlots;
import dev.descent.kernel.GradientClip;
import dev.descent.optim.GroupState;
import dev.descent.optim.OptimizerSpec;
import dev.descent.optim.StateSpec;
import dev.descent.optim.StepContext;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import dev.descent.testing.StateInputs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One parameter group of one optimizer on one backend, stepped through the optimizer's own host rule
 * ({@link OptimizerSpec#step}) straight into the backend's kernel, as {@link dev.descent.optim.Optimizer}
 * does minus its finiteness check, so that a test can also feed NaN and ±Infinity to the kernels.
 */
final class StepRun implements AutoCloseable {

    private final Backend backend;
    private final OptimizerSpec spec;
    private final List<Tensor> params = new ArrayList<>();
    private final List<Tensor> grads = new ArrayList<>();
    private final List<ParameterSlots> slots = new ArrayList<>();
    private final GroupState groupState = new GroupState();
    private final List<String> inputs;
    private long step;

    StepRun(Backend backend, OptimizerSpec spec, List<float[]> params0) {
        this(backend, spec, DType.FLOAT32, params0);
    }

    /**
     * A group whose parameters and gradients are of {@code dtype}; a bfloat16 or float16 parameter gets
     * its float32 {@link ParameterSlots#MASTER_PARAM}, the parameter's values widened, as the optimizer
     * gives it.
     */
    StepRun(Backend backend, OptimizerSpec spec, DType dtype, List<float[]> params0) {
        this.backend = backend;
        this.spec = spec;
        this.inputs = StateInputs.names(spec);
        for (int k = 0; k < params0.size(); k++) {
            Tensor p = backend.allocate("p" + k, dtype, params0.get(k).length);
            p.copyFrom(params0.get(k));
            Tensor g = backend.allocate("g" + k, dtype, params0.get(k).length);
            Map<String, Tensor> state = new LinkedHashMap<>();
            if (dtype.isLowPrecision()) {
                Tensor master = backend.allocate("p" + k + ".master_param", DType.FLOAT32, params0.get(k).length);
                master.copyFrom(p.toFloatArray());
                state.put(ParameterSlots.MASTER_PARAM, master);
            }
            for (StateSpec s : spec.state()) {
                Tensor t = backend.allocate("p" + k + "." + s.name(), DType.FLOAT32, params0.get(k).length);
                backend.vectorOps().fill(t, s.initialValue());
                state.put(s.name(), t);
            }
            params.add(p);
            grads.add(g);
            slots.add(new ParameterSlots(p, g, state));
        }
    }

    /**
     * One step with these gradients (one array per parameter) and loss, after filling the inputs the
     * caller fills ({@link StateInputs}: vSGD's curvature and {@code grad_sq}), the same on every backend.
     */
    void step(List<float[]> gradients, double loss) {
        step(gradients, loss, GradientClip.NONE);
    }

    /** One step as {@link #step(List, double)}, each gradient element clipped by {@code clip} in the kernel. */
    void step(List<float[]> gradients, double loss, GradientClip clip) {
        step++;
        for (int k = 0; k < gradients.size(); k++) {
            grads.get(k).copyFrom(gradients.get(k));
            for (String input : inputs) {
                Tensor t = slots.get(k).state(input);
                t.copyFrom(StateInputs.values(input, 1000 * step + k, Math.toIntExact(t.size())));
            }
        }
        spec.step(new StepContext(backend.optimizerKernels(), step, loss, groupState, clip), slots);
    }

    /** Sets the gradients (one array per parameter) without stepping. */
    void setGradients(List<float[]> gradients) {
        for (int k = 0; k < gradients.size(); k++) {
            grads.get(k).copyFrom(gradients.get(k));
        }
    }

    /** The group's list of slots, as the kernels receive it. */
    List<ParameterSlots> slots() {
        return slots;
    }

    /** Parameter {@code k} and its state, by name ("param", "exp_avg", ...), copied out. */
    Map<String, float[]> snapshot(int k) {
        Map<String, float[]> m = new LinkedHashMap<>();
        m.put("param", params.get(k).toFloatArray());
        for (var e : slots.get(k).state().entrySet()) {
            m.put(e.getKey(), e.getValue().toFloatArray());
        }
        return m;
    }

    @Override
    public void close() {
        for (ParameterSlots s : slots) {
            s.state().values().forEach(Tensor::close);
        }
        params.forEach(Tensor::close);
        grads.forEach(Tensor::close);
    }
}
