package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.fail;

/** Element-wise comparison of float32 results with values computed in double. */
final class Close {
    private Close() {
    }

    /** Each {@code |actual - expected| ≤ rtol·|expected|} (so an expected 0 must be exactly 0). */
    static void assertRelative(double[] expected, float[] actual, double rtol, String what) {
        if (expected.length != actual.length) {
            fail(what + ": expected " + expected.length + " values, got " + actual.length);
        }
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(actual[i] - expected[i]);
            if (!(err <= rtol * Math.abs(expected[i]))) {
                fail(what + "[" + i + "]: expected " + expected[i] + ", got " + actual[i] + " (relative error "
                        + err / Math.abs(expected[i]) + " > " + rtol + ")");
            }
        }
    }

    /** {@code |actual - expected| ≤ rtol·|expected|}. */
    static void assertRelative(double expected, double actual, double rtol, String what) {
        double err = Math.abs(actual - expected);
        if (!(err <= rtol * Math.abs(expected))) {
            fail(what + ": expected " + expected + ", got " + actual + " (relative error "
                    + err / Math.abs(expected) + " > " + rtol + ")");
        }
    }
}
