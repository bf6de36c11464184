package dev.descent.bench.harness;

import java.util.Arrays;

/**
 * The values every case starts from, the JMH suite's: every parameter 0.5, and a fixed gradient
 * pattern of 17 values from -8e-3 to 8e-3 (zero included). Finite and small, so that the parameters
 * stay finite over millions of steps, and free of subnormals (a squared gradient is 0 or ≥ 1e-6),
 * which would slow some CPUs down and measure that instead.
 */
final class StepInputs {

    private StepInputs() {
    }

    /** A new array of {@code n} parameters. */
    static float[] params(int n) {
        float[] p = new float[n];
        Arrays.fill(p, 0.5f);
        return p;
    }

    /** A new array of {@code n} gradients. */
    static float[] gradients(int n) {
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
            g[i] = 1e-3f * ((i % 17) - 8);
        }
        return g;
    }
}
