package dev.descent.simd;

import static org.junit.jupiter.api.Assertions.fail;

import dev.descent.backend.Backend;
import dev.descent.backend.ParameterSlots;
import dev.descent.kernel.GradientClip;
import dev.descent.optim.GradientClipping;
import dev.descent.optim.GroupState;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerSpec;
import dev.descent.optim.ParamGroup;
import dev.descent.optim.Parameter;
import dev.descent.optim.StepContext;
import dev.descent.tensor.Tensor;
import dev.descent.testing.StateInputs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One optimizer over one group of float32 parameters of the given sizes on one backend, fed the same
 * seeded parameters and gradients as its twin on another backend, so that the two can be compared.
 */
final class OptimizerRun implements AutoCloseable {

    private final List<Tensor> params = new ArrayList<>();
    private final List<Tensor> grads = new ArrayList<>();
    private final Optimizer optimizer;
    private final OptimizerSpec spec;
    private final List<String> inputs;
    private final GroupState kernelGroupState = new GroupState(); // for stepClipped, which bypasses the optimizer
    private long steps;

    OptimizerRun(Backend backend, OptimizerSpec spec, long[] sizes, long seed) {
        this(backend, spec, sizes, seed, null);
    }

    /** A run whose optimizer clips the gradients inside its step ({@code clipping} null for none). */
    OptimizerRun(Backend backend, OptimizerSpec spec, long[] sizes, long seed, GradientClipping clipping) {
        this.spec = spec;
        Random random = new Random(seed);
        List<Parameter> group = new ArrayList<>();
        for (int k = 0; k < sizes.length; k++) {
            Tensor p = backend.fromArray("p" + k + "[" + sizes[k] + "]", gaussians(random, sizes[k], 1f));
            Tensor g = backend.allocate("g" + k, p.dtype(), p.shape());
            params.add(p);
            grads.add(g);
            group.add(new Parameter(p, g));
        }
        Optimizer.Builder builder = Optimizer.builder(backend).group(ParamGroup.of(spec, group));
        optimizer = (clipping == null ? builder : builder.clipping(clipping)).build();
        inputs = StateInputs.names(spec);
    }

    /**
     * Gradients for one step: seeded Gaussians with about 3% exact zeros, so that the sign cases of
     * Rprop and the gains (agree, flip, zero) all occur.
     */
    static float[][] gradients(Random random, long[] sizes) {
        float[][] g = new float[sizes.length][];
        for (int k = 0; k < sizes.length; k++) {
            g[k] = gaussians(random, sizes[k], 0.1f);
            for (int i = 0; i < g[k].length; i++) {
                if (random.nextInt(32) == 0) {
                    g[k][i] = 0f;
                }
            }
        }
        return g;
    }

    private static float[] gaussians(Random random, long n, float scale) {
        float[] a = new float[Math.toIntExact(n)];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) random.nextGaussian() * scale;
        }
        return a;
    }

    /**
     * Sets the gradients and the inputs the caller fills ({@link StateInputs}: vSGD's curvature and
     * {@code grad_sq}), the same on every backend, and takes one step with {@code loss} (which only
     * iRprop+ reads).
     */
    void step(float[][] gradients, double loss) {
        feed(gradients);
        optimizer.step(loss);
    }

    /**
     * One step straight into the backend's kernel with {@code clip} (what the optimizer's step does
     * after its norm pass), on the optimizer's state tensors: for the clip of every kernel, vSGD's too,
     * which the optimizer itself refuses to clip. A run uses this or {@link #step}, not both.
     */
    void stepClipped(float[][] gradients, double loss, GradientClip clip) {
        feed(gradients);
        List<ParameterSlots> slots = new ArrayList<>();
        for (int k = 0; k < params.size(); k++) {
            slots.add(new ParameterSlots(params.get(k), grads.get(k), optimizer.state(params.get(k))));
        }
        spec.step(new StepContext(optimizer.backend().optimizerKernels(), steps, loss, kernelGroupState, clip), slots);
    }

    /** The optimizer (its last gradient norm, ...). */
    Optimizer optimizer() {
        return optimizer;
    }

    /** The gradient tensors, as the kernels read them. */
    List<Tensor> grads() {
        return grads;
    }

    private void feed(float[][] gradients) {
        steps++;
        for (int k = 0; k < grads.size(); k++) {
            grads.get(k).copyFrom(gradients[k]);
            for (String input : inputs) {
                Tensor t = optimizer.state(params.get(k)).get(input);
                t.copyFrom(StateInputs.values(input, 1000 * steps + k, Math.toIntExact(t.size())));
            }
        }
    }

    /**
     * Fails unless every parameter and every state tensor equals {@code expected}'s bit for bit (NaNs of
     * any payload count as equal), naming the first differing element.
     */
    void assertBitwiseEqual(OptimizerRun expected, String context) {
        for (int k = 0; k < params.size(); k++) {
            assertSame(expected.params.get(k), params.get(k), context);
            Map<String, Tensor> expectedState = expected.optimizer.state(expected.params.get(k));
            Map<String, Tensor> state = optimizer.state(params.get(k));
            for (String name : expectedState.keySet()) {
                assertSame(expectedState.get(name), state.get(name), context);
            }
        }
    }

    private static void assertSame(Tensor expected, Tensor actual, String context) {
        float[] e = expected.toFloatArray();
        float[] a = actual.toFloatArray();
        for (int i = 0; i < e.length; i++) {
            if (Float.floatToIntBits(e[i]) != Float.floatToIntBits(a[i])) {
                fail(context + ": " + actual.name() + "[" + i + "] is " + a[i] + " (0x" + Integer.toHexString(
                        Float.floatToRawIntBits(a[i])) + ") on " + actual.backend().name() + " but " + e[i] + " (0x"
                        + Integer.toHexString(Float.floatToRawIntBits(e[i])) + ") on " + expected.backend().name());
            }
        }
    }

    @Override
    public void close() {
        optimizer.close();
        params.forEach(Tensor::close);
        grads.forEach(Tensor::close);
    }
}
