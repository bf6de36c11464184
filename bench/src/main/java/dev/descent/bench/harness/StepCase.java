package dev.descent.bench.harness;

import dev.descent.backend.Backend;
import dev.descent.backend.ParameterSlots;
import dev.descent.bench.BenchData;
import dev.descent.optim.GroupState;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerSpec;
import dev.descent.optim.ParamGroup;
import dev.descent.optim.Parameter;
import dev.descent.optim.StepContext;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * One optimizer on one backend over one {@link Layout}, ready to step: the parameters, gradients and
 * optimizer state live on the backend for as long as the case is open. The inputs are the JMH
 * suite's ({@link BenchData}): the gradients are fixed; the parameters and state evolve from step to
 * step as in training.
 */
public final class StepCase implements AutoCloseable {

    private final Backend backend;
    private final String description;
    private final List<Tensor> owned = new ArrayList<>();
    private final List<List<ParameterSlots>> groups = new ArrayList<>();
    private final List<GroupState> groupStates = new ArrayList<>();
    private final Optimizer optimizer;
    private final OptimizerSpec spec;
    private final StepMode mode;
    private final Tensor fence;
    private final float[] fenceValue = new float[1];
    private long kernelSteps;

    private StepCase(Backend backend, OptimizerSpec spec, Layout layout, StepMode mode, String description) {
        this.backend = backend;
        this.spec = spec;
        this.mode = mode;
        this.description = description;
        Optimizer built = null;
        try {
            float[] params = BenchData.params(layout.elementsEach());
            float[] grads = BenchData.gradients(layout.elementsEach());
            List<Parameter> parameters = new ArrayList<>();
            for (int k = 0; k < layout.tensors(); k++) {
                Tensor p = own(backend.fromArray("p" + k, params));
                Tensor g = own(backend.fromArray("g" + k, grads));
                parameters.add(new Parameter(p, g));
            }
            Optimizer.Builder builder = Optimizer.builder(backend);
            if (mode == StepMode.CLIPPED) {
                builder.clipGradNorm(StepMode.CLIP_NORM);
            }
            if (layout.fused()) {
                builder.group(ParamGroup.of(spec, parameters));
            } else {
                for (Parameter p : parameters) {
                    builder.group(ParamGroup.of(spec, p));
                }
            }
            built = builder.build();
            // The kernel mode drives the optimizer's own state tensors directly, group by group, as
            // Optimizer.step() does after its checks.
            List<ParameterSlots> all = new ArrayList<>();
            for (Parameter p : parameters) {
                all.add(new ParameterSlots(p.param(), p.grad(), built.state(p.param())));
            }
            if (layout.fused()) {
                groups.add(List.copyOf(all));
            } else {
                for (ParameterSlots s : all) {
                    groups.add(List.of(s));
                }
            }
            for (int i = 0; i < groups.size(); i++) {
                groupStates.add(new GroupState());
            }
            fence = own(backend.allocate("fence", DType.FLOAT32, 1));
        } catch (RuntimeException | OutOfMemoryError e) {
            if (built != null) {
                built.close();
            }
            owned.forEach(Tensor::close);
            throw e;
        }
        this.optimizer = built;
    }

    /**
     * Allocates the tensors and the optimizer of a case.
     *
     * @param description what the case is, for the message if the parameters overflow
     */
    public static StepCase open(Backend backend, OptimizerSpec spec, Layout layout, StepMode mode,
            String description) {
        return new StepCase(backend, spec, layout, mode, description);
    }

    private Tensor own(Tensor t) {
        owned.add(t);
        return t;
    }

    /** One step, as {@link StepMode} says. */
    public void step() {
        if (mode != StepMode.KERNEL) {
            optimizer.step();
            return;
        }
        kernelSteps++;
        for (int i = 0; i < groups.size(); i++) {
            spec.step(new StepContext(backend.optimizerKernels(), kernelSteps, Double.NaN, groupStates.get(i)), groups.get(i));
        }
    }

    /**
     * Waits until every step submitted so far is done: reading one element back from the backend
     * follows the queued work on a GPU, and costs next to nothing on a CPU.
     */
    public void sync() {
        fence.copyTo(fenceValue);
    }

    /**
     * Throws {@link IllegalStateException} if a parameter has stopped being finite: the case would
     * then have timed arithmetic on infinities, not a training step.
     */
    public void requireFinite() {
        for (List<ParameterSlots> group : groups) {
            for (ParameterSlots s : group) {
                if (backend.vectorOps().hasNonFinite(s.param())) {
                    throw new IllegalStateException(description + ": parameter '" + s.param().name()
                            + "' is no longer finite after " + Math.max(kernelSteps, optimizer.stepCount())
                            + " steps");
                }
            }
        }
    }

    @Override
    public void close() {
        optimizer.close();
        owned.forEach(Tensor::close);
    }
}
