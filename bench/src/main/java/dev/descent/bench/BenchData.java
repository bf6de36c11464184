package dev.descent.bench;

import java.util.Arrays;

/**
 * The fixed inputs every benchmark starts from, the same for every backend, for the C loops
 * ({@code bench/c}) and for {@code ./descent bench} ({@link dev.descent.bench.harness}), so that all
 * of them compute on the same numbers.
 */
public final class BenchData {

    private BenchData() {
    }

    /** The starting value of every parameter. */
    public static final float PARAM = 0.5f;

    /**
     * The gradient of element {@code i}: a fixed pattern of 17 values from -8e-3 to 8e-3 (step 1e-3,
     * zero included). Finite and small, so parameters stay finite over millions of steps; no
     * subnormals arise, since squared gradients are either 0 or at least 1e-6.
     */
    public static float gradient(long i) {
        return 1e-3f * (float) ((i % 17) - 8);
    }

    /** A new array of {@code n} gradients. */
    public static float[] gradients(int n) {
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
            g[i] = gradient(i);
        }
        return g;
    }

    /** A new array of {@code n} parameters, all {@link #PARAM}. */
    public static float[] params(int n) {
        float[] p = new float[n];
        Arrays.fill(p, PARAM);
        return p;
    }
}
