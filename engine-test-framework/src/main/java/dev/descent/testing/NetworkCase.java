package dev.descent.testing;

import dev.descent.backend.Backend;
import dev.descent.backend.NetworkKernels;
import dev.descent.kernel.Activation;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One call of a {@link NetworkKernels} method with inputs that depend only on the case, so that every
 * backend (and the CUDA emulator) computes the same call and is held to the reference on it.
 *
 * <p>Dimensions: {@code m} rows, {@code n} columns of the result, {@code k} the inner dimension of the
 * three GEMMs (and, for {@code gatherRows}, the rows of the source). The operands are named as in the
 * kernel's signature; {@link #operands()} holds their shapes and values (already rounded to the dtype),
 * {@link #output()} names the operand the kernel writes, which starts at non-zero values so that an
 * accumulation (or a kernel that fails to overwrite) shows.
 *
 * @param kernel the {@link NetworkKernels} method's name
 * @param m rows of the result
 * @param n columns of the result (classes for the softmax kernels)
 * @param k the GEMMs' inner dimension, or the source rows of {@code gatherRows}; 0 where unused
 * @param dtype the tensors' dtype
 * @param activation the activation of {@code biasActivation} and {@code activationBackward}, else null
 * @param accumulate whether a GEMM or {@code columnSums} adds to its output
 * @param inPlace whether the output is the input it may alias (h = z, out = upstream, gradient = logits,
 *     out = v, gradient = pred)
 * @param logitScale the spread of the logits of the softmax kernels (1000: the stability case)
 */
public record NetworkCase(String kernel, int m, int n, int k, DType dtype, Activation activation, boolean accumulate,
        boolean inPlace, double logitScale) {

    /** A named input of the call: its shape and values (rounded to the dtype). */
    public record Operand(String name, long[] shape, double[] values) {
    }

    /** What a backend computed: the output operand's values and the returned scalar (0 where void). */
    public record Result(double[] output, double scalar) {
    }

    /** The operands, inputs first and the output last, in the kernel's argument order. */
    public List<Operand> operands() {
        SplittableRandom random = new SplittableRandom(seed());
        List<Operand> ops = new ArrayList<>();
        switch (kernel) {
            case "matMulTransposeB" -> {
                ops.add(gaussians(random, "a", 1, m, k));
                ops.add(gaussians(random, "b", 1, n, k));
            }
            case "matMulTransposeA" -> {
                ops.add(gaussians(random, "a", 1, k, m));
                ops.add(gaussians(random, "b", 1, k, n));
            }
            case "matMul" -> {
                ops.add(gaussians(random, "a", 1, m, k));
                ops.add(gaussians(random, "b", 1, k, n));
            }
            case "biasActivation" -> {
                ops.add(withZeros(random, gaussians(random, "z", 2, m, n)));
                ops.add(gaussians(random, "bias", 0.5, n));
            }
            case "activationBackward" -> {
                ops.add(activated(withZeros(random, gaussians(random, "h", 3, m, n))));
                ops.add(gaussians(random, "upstream", 1, m, n));
            }
            case "columnSums" -> ops.add(gaussians(random, "a", 1, m, n));
            case "softmaxCrossEntropy" -> {
                ops.add(gaussians(random, "logits", logitScale, m, n));
                ops.add(labels(random, "labels", m, n));
            }
            case "softmaxCurvatureProduct" -> {
                ops.add(gaussians(random, "logits", logitScale, m, n));
                ops.add(gaussians(random, "v", 1, m, n));
            }
            case "squaredError" -> {
                ops.add(gaussians(random, "pred", 1, m, n));
                ops.add(gaussians(random, "target", 1, m, n));
            }
            case "correctPredictions" -> {
                ops.add(ties(gaussians(random, "logits", 1, m, n)));
                ops.add(labels(random, "labels", m, n));
            }
            case "gatherRows" -> ops.add(gaussians(random, "source", 1, k, n));
            default -> throw new IllegalArgumentException("no network kernel '" + kernel + "'");
        }
        if (!inPlace && !kernel.equals("correctPredictions")) {
            ops.add(gaussians(random, output(), 1, outputShape()));
        }
        return ops;
    }

    /** The name of the operand the kernel writes (for {@code correctPredictions}, which writes none: "count"). */
    public String output() {
        return switch (kernel) {
            case "biasActivation" -> inPlace ? "z" : "h";
            case "activationBackward" -> inPlace ? "upstream" : "out";
            case "softmaxCrossEntropy" -> inPlace ? "logits" : "gradient";
            case "softmaxCurvatureProduct" -> inPlace ? "v" : "out";
            case "squaredError" -> inPlace ? "pred" : "gradient";
            case "correctPredictions" -> "count";
            default -> "out";
        };
    }

    /** The rows {@code gatherRows} picks: {@code m} indices in {@code [0, k)}, with repeats and both ends. */
    public int[] rows() {
        SplittableRandom random = new SplittableRandom(seed() ^ 0x5eed);
        int[] rows = new int[m];
        for (int r = 0; r < m; r++) {
            rows[r] = r == 0 ? k - 1 : r == 1 ? 0 : random.nextInt(k);
        }
        return rows;
    }

    /** The {@code scale} argument of the loss kernels: torch's means, {@code 1/m} or {@code 1/(m·n)}. */
    public double scale() {
        return kernel.equals("squaredError") ? 1.0 / ((double) m * n) : 1.0 / m;
    }

    /** Runs the case on {@code backend}: makes its tensors, calls the kernel, reads the output back, closes them. */
    public Result run(Backend backend) {
        Map<String, Tensor> t = new LinkedHashMap<>();
        try {
            for (Operand op : operands()) {
                Tensor tensor = backend.allocate(op.name(), dtype, op.shape());
                t.put(op.name(), tensor);
                tensor.copyFrom(op.values());
            }
            NetworkKernels nk = backend.networkKernels();
            double scalar = 0;
            switch (kernel) {
                case "matMulTransposeB" -> nk.matMulTransposeB(t.get("a"), t.get("b"), t.get("out"), accumulate);
                case "matMulTransposeA" -> nk.matMulTransposeA(t.get("a"), t.get("b"), t.get("out"), accumulate);
                case "matMul" -> nk.matMul(t.get("a"), t.get("b"), t.get("out"), accumulate);
                case "biasActivation" -> nk.biasActivation(t.get("z"), t.get("bias"), activation, t.get(output()));
                case "activationBackward" -> nk.activationBackward(activation, t.get("h"), t.get("upstream"),
                        t.get(output()));
                case "columnSums" -> nk.columnSums(t.get("a"), t.get("out"), accumulate);
                case "softmaxCrossEntropy" -> scalar = nk.softmaxCrossEntropy(t.get("logits"), t.get("labels"),
                        t.get(output()), scale());
                case "softmaxCurvatureProduct" -> nk.softmaxCurvatureProduct(t.get("logits"), t.get("v"),
                        t.get(output()), scale());
                case "squaredError" -> scalar = nk.squaredError(t.get("pred"), t.get("target"), t.get(output()),
                        scale());
                case "correctPredictions" -> scalar = nk.correctPredictions(t.get("logits"), t.get("labels"));
                case "gatherRows" -> nk.gatherRows(t.get("source"), rows(), t.get("out"));
                default -> throw new IllegalArgumentException("no network kernel '" + kernel + "'");
            }
            double[] output = kernel.equals("correctPredictions") ? new double[0] : t.get(output()).toDoubleArray();
            if (kernel.equals("biasActivation") && !inPlace) { // z is written too: z + bias, then h
                double[] z = t.get("z").toDoubleArray();
                double[] both = java.util.Arrays.copyOf(z, z.length + output.length);
                System.arraycopy(output, 0, both, z.length, output.length);
                output = both;
            }
            return new Result(output, scalar);
        } finally {
            t.values().forEach(Tensor::close);
        }
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(kernel).append(' ').append(dtype.label()).append(" m=").append(m)
                .append(" n=").append(n);
        if (k > 0) {
            s.append(" k=").append(k);
        }
        if (activation != null) {
            s.append(' ').append(activation.label());
        }
        if (accumulate) {
            s.append(" accumulate");
        }
        if (inPlace) {
            s.append(" in place");
        }
        if (logitScale != 1 && kernel.startsWith("softmax")) {
            s.append(" logits ±").append(logitScale);
        }
        return s.toString();
    }

    private long[] outputShape() {
        return switch (kernel) {
            case "columnSums" -> new long[] {n};
            default -> new long[] {m, n};
        };
    }

    private long seed() {
        return toString().hashCode() * 0x9E3779B97F4A7C15L;
    }

    private Operand gaussians(SplittableRandom random, String name, double sigma, long... shape) {
        int count = 1;
        for (long d : shape) {
            count = Math.multiplyExact(count, (int) d);
        }
        double[] v = new double[count];
        for (int i = 0; i < count; i++) {
            double u1 = random.nextDouble(), u2 = random.nextDouble(); // Box–Muller
            v[i] = round(sigma * Math.sqrt(-2 * Math.log1p(-u1)) * Math.cos(2 * Math.PI * u2));
        }
        return new Operand(name, shape, v);
    }

    /** About one element in eight set to exactly 0 (relu's kink, and its derivative's). */
    private static Operand withZeros(SplittableRandom random, Operand op) {
        double[] v = op.values();
        for (int i = 0; i < v.length; i++) {
            if (random.nextInt(8) == 0) {
                v[i] = 0;
            }
        }
        return op;
    }

    /** The operand's values passed through the activation, as a forward pass would have kept them. */
    private Operand activated(Operand op) {
        double[] v = op.values();
        for (int i = 0; i < v.length; i++) {
            double z = v[i];
            v[i] = round(switch (activation) {
                case IDENTITY -> z;
                case TANH -> Math.tanh(z);
                case RELU -> Math.max(z, 0);
                case SIGMOID -> 1 / (1 + Math.exp(-z));
            });
        }
        return op;
    }

    /** Logits rounded to a few integers, so that rows have ties and the first largest must win. */
    private static Operand ties(Operand op) {
        double[] v = op.values();
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.rint(v[i]);
        }
        return op;
    }

    private static Operand labels(SplittableRandom random, String name, int m, int classes) {
        double[] v = new double[m];
        for (int i = 0; i < m; i++) {
            v[i] = random.nextInt(classes);
        }
        return new Operand(name, new long[] {m}, v);
    }

    private double round(double v) {
        return dtype == DType.FLOAT32 ? (float) v : v;
    }
}
