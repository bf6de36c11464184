package dev.descent.network;

import dev.descent.kernel.Activation;

/**
 * The forward pass and loss of a network written plainly over double arrays, independent of the
 * backend kernels: the tests' definition of what {@link MultilayerPerceptron} computes (torch's
 * {@code nn.Sequential} of {@code Linear} layers, {@code CrossEntropyLoss}, {@code MSELoss}).
 */
final class HostForward {

    private HostForward() {
    }

    /** The last layer's outputs for one example {@code input} at the flat parameters {@code x}. */
    static double[] outputs(NetworkSpec spec, double[] x, double[] input) {
        long[] offsets = spec.parameterOffsets();
        double[] h = input;
        for (int l = 0; l < spec.depth(); l++) {
            int in = spec.width(l);
            int out = spec.width(l + 1);
            int w = (int) offsets[2 * l];
            int b = (int) offsets[2 * l + 1];
            double[] next = new double[out];
            for (int j = 0; j < out; j++) {
                double z = x[b + j];
                for (int i = 0; i < in; i++) {
                    z += x[w + j * in + i] * h[i];
                }
                next[j] = apply(spec.activationAfter(l), z);
            }
            h = next;
        }
        return h;
    }

    /**
     * The {@code k × n} Jacobian of one example's outputs by the parameters at {@code x}, by central
     * differences of step {@code h}: good to ≈ 1e-10 per entry for h = 1e-6 on these tiny networks.
     */
    static double[][] jacobian(NetworkSpec spec, double[] x, double[] input, double h) {
        double[][] jacobian = new double[spec.outputs()][x.length];
        for (int p = 0; p < x.length; p++) {
            double[] plus = x.clone();
            double[] minus = x.clone();
            plus[p] += h;
            minus[p] -= h;
            double[] zp = outputs(spec, plus, input);
            double[] zm = outputs(spec, minus, input);
            for (int j = 0; j < zp.length; j++) {
                jacobian[j][p] = (zp[j] - zm[j]) / (2 * h);
            }
        }
        return jacobian;
    }

    /** −log softmax(z)[label], computed stably. */
    static double crossEntropy(double[] z, int label) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (double v : z) {
            sum += Math.exp(v - max);
        }
        return Math.log(sum) - (z[label] - max);
    }

    /** softmax(z). */
    static double[] softmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double[] p = new double[z.length];
        double sum = 0;
        for (int j = 0; j < z.length; j++) {
            p[j] = Math.exp(z[j] - max);
            sum += p[j];
        }
        for (int j = 0; j < z.length; j++) {
            p[j] /= sum;
        }
        return p;
    }

    static double apply(Activation a, double z) {
        return switch (a) {
            case IDENTITY -> z;
            case TANH -> Math.tanh(z);
            case RELU -> Math.max(z, 0);
            case SIGMOID -> 1 / (1 + Math.exp(-z));
        };
    }

    /** Row {@code i} of a row-major float matrix of {@code cols} columns, widened. */
    static double[] row(float[] values, int cols, int i) {
        double[] r = new double[cols];
        for (int j = 0; j < cols; j++) {
            r[j] = values[i * cols + j];
        }
        return r;
    }
}
