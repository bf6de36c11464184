package dev.descent.verify;

import dev.descent.backend.Backend;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerSpec;
import dev.descent.optim.ParamGroup;
import dev.descent.optim.Parameter;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import dev.descent.testing.StateInputs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Runs one optimizer on two backends from the same parameters, with the same seeded gradients,
 * losses and caller-filled inputs ({@link StateInputs}: vSGD's curvature and {@code grad_sq}), and
 * compares the parameters and every state tensor after every step.
 */
public final class Agreement {
    private Agreement() {
    }

    /**
     * The comparison of a run.
     *
     * @param worstError the worst normalized error ({@link NormalizedError}) over parameters and state
     * @param bitwiseEqual every value equal bit for bit (NaN payloads aside)
     * @param where a description of the worst element ("step 3, exp_avg[17]")
     */
    public record Outcome(double worstError, boolean bitwiseEqual, String where) {
    }

    /**
     * Runs {@code spec} for {@code steps} steps on {@code size} elements, split into {@code tensors}
     * parameters of near-equal size, on both backends.
     */
    public static Outcome compare(OptimizerSpec spec, Backend candidate, Backend reference, int size, int tensors,
            int steps, long seed, double rtol, double atol) {
        return compare(spec, DType.FLOAT32, candidate, reference, size, tensors, steps, seed, rtol, atol);
    }

    /**
     * {@link #compare(OptimizerSpec, Backend, Backend, int, int, int, long, double, double)} with parameters
     * and gradients of {@code dtype}: a bfloat16 or float16 run has float32 master weights, and its
     * {@code master_param} is compared with the rest of the state.
     */
    public static Outcome compare(OptimizerSpec spec, DType dtype, Backend candidate, Backend reference, int size,
            int tensors, int steps, long seed, double rtol, double atol) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] sizes = split(size, tensors);
        List<float[]> params0 = new ArrayList<>();
        for (int s : sizes) {
            params0.add(gaussian(random, s, 1.0f, 0));
        }
        List<String> inputs = StateInputs.names(spec);
        try (Run ours = new Run(candidate, spec, dtype, params0); Run theirs = new Run(reference, spec, dtype, params0)) {
            double worst = 0;
            boolean bitwise = true;
            String where = "nowhere";
            for (int t = 0; t < steps; t++) {
                double loss = random.nextDouble();
                for (int k = 0; k < sizes.length; k++) {
                    // Some exact zeros so that sign logic (Rprop, gains) meets its zero branch.
                    float[] g = gaussian(random, sizes[k], 0.5f, 0.1);
                    ours.grads.get(k).copyFrom(g);
                    theirs.grads.get(k).copyFrom(g);
                    // The inputs a caller fills (vSGD's curvature and grad_sq), varied, the same on both.
                    for (String input : inputs) {
                        float[] v = StateInputs.values(input, seed + 1000L * t + k, sizes[k]);
                        ours.optimizer.state(ours.params.get(k)).get(input).copyFrom(v);
                        theirs.optimizer.state(theirs.params.get(k)).get(input).copyFrom(v);
                    }
                }
                ours.optimizer.step(loss);
                theirs.optimizer.step(loss);
                for (int k = 0; k < sizes.length; k++) {
                    Map<String, Tensor> a = ours.snapshot(k);
                    Map<String, Tensor> b = theirs.snapshot(k);
                    for (var e : a.entrySet()) {
                        float[] x = e.getValue().toFloatArray();
                        float[] y = b.get(e.getKey()).toFloatArray();
                        for (int i = 0; i < x.length; i++) {
                            if (Float.floatToIntBits(x[i]) != Float.floatToIntBits(y[i])) {
                                bitwise = false;
                            }
                            double err = NormalizedError.of(x[i], y[i], rtol, atol);
                            if (err > worst) {
                                worst = err;
                                where = "step " + (t + 1) + ", tensor " + k + " " + e.getKey() + "[" + i + "]: "
                                        + x[i] + " vs " + y[i];
                            }
                        }
                    }
                }
            }
            return new Outcome(worst, bitwise, where);
        }
    }

    private static int[] split(int size, int parts) {
        int k = Math.max(1, Math.min(parts, Math.max(size, 1)));
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            out[i] = size / k + (i < size % k ? 1 : 0);
        }
        return out;
    }

    private static float[] gaussian(SplittableRandom random, int n, float scale, double zeroFraction) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextDouble() < zeroFraction ? 0f : (float) (scale * gaussian(random));
        }
        return v;
    }

    private static double gaussian(SplittableRandom random) {
        double u = random.nextDouble(Double.MIN_VALUE, 1.0);
        double w = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * w);
    }

    /** Parameters, gradients and an optimizer on one backend. */
    private static final class Run implements AutoCloseable {
        final List<Tensor> params = new ArrayList<>();
        final List<Tensor> grads = new ArrayList<>();
        final Optimizer optimizer;

        Run(Backend backend, OptimizerSpec spec, DType dtype, List<float[]> params0) {
            List<Parameter> list = new ArrayList<>();
            for (int k = 0; k < params0.size(); k++) {
                Tensor p = backend.allocate("p" + k, dtype, params0.get(k).length);
                p.copyFrom(params0.get(k));
                Tensor g = backend.allocate("g" + k, dtype, params0.get(k).length);
                params.add(p);
                grads.add(g);
                list.add(new Parameter(p, g));
            }
            optimizer = Optimizer.builder(backend)
                    .group(ParamGroup.of(spec, list))
                    .masterWeights(dtype.isLowPrecision())
                    .build();
        }

        /** The parameter and its state tensors, by name. */
        Map<String, Tensor> snapshot(int k) {
            Map<String, Tensor> m = new LinkedHashMap<>();
            m.put("param", params.get(k));
            m.putAll(optimizer.state(params.get(k)));
            return m;
        }

        @Override
        public void close() {
            optimizer.close();
            params.forEach(Tensor::close);
            grads.forEach(Tensor::close);
        }
    }
}
