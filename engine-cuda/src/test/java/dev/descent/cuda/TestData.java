package dev.descent.cuda;

import java.util.SplittableRandom;

/** Seeded test values: Gaussian, with exact zeros, and with the IEEE 754 values that expose semantics. */
final class TestData {
    private TestData() {
    }

    /** The values on which Java's and CUDA's max, min, sign and abs could disagree, and rounding edges. */
    static final float[] SPECIAL = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, 1e-39f, -3e-39f,
        Float.MAX_VALUE, -Float.MAX_VALUE, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1f, -1f,
        0.5f, 3e38f, 1e-30f};

    /** {@code n} Gaussian values of standard deviation {@code scale}, a fraction of them exactly 0. */
    static float[] gaussian(SplittableRandom random, int n, float scale, double zeros) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextDouble() < zeros ? 0f : (float) (scale * gaussian(random));
        }
        return v;
    }

    /** Like {@link #gaussian} with about one value in 50 replaced by one of {@link #SPECIAL}. */
    static float[] withSpecials(SplittableRandom random, int n, float scale) {
        float[] v = gaussian(random, n, scale, 0.1);
        for (int i = 0; i < n; i++) {
            if (random.nextInt(50) == 0) {
                v[i] = SPECIAL[random.nextInt(SPECIAL.length)];
            }
        }
        return v;
    }

    /** Doubles: Gaussian with specials, widened from {@link #withSpecials} and perturbed below float precision. */
    static double[] doubles(SplittableRandom random, int n) {
        float[] f = withSpecials(random, n, 1f);
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = f[i] * (1 + 1e-12 * random.nextDouble());
        }
        return d;
    }

    private static double gaussian(SplittableRandom random) {
        double u = random.nextDouble(Double.MIN_VALUE, 1.0);
        double w = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * w);
    }
}
