package dev.descent.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.kernel.Activation;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** torch's default Linear initialisation: U(±1/√fan_in) for weights and biases, the same for the same seed. */
class TorchInitTest {

    private static final NetworkSpec NET = new NetworkSpec(new int[] {784, 64, 10}, Activation.RELU, Loss.CROSS_ENTROPY);

    @Test
    void everyTensorIsUniformWithinOneOverRootFanIn() {
        double[] x = TorchInit.initialize(NET, 42);
        assertEquals(NET.parameterCount(), x.length);
        long[] offsets = NET.parameterOffsets();
        for (int t = 0; t < offsets.length; t++) {
            int from = (int) offsets[t];
            int to = t + 1 < offsets.length ? (int) offsets[t + 1] : x.length;
            double bound = 1 / Math.sqrt(NET.width(t / 2));
            double max = 0;
            double sum = 0;
            double sumSquares = 0;
            for (int i = from; i < to; i++) {
                max = Math.max(max, Math.abs(x[i]));
                sum += x[i];
                sumSquares += x[i] * x[i];
            }
            int n = to - from;
            String name = NET.parameterNames().get(t);
            assertTrue(max <= bound, name + ": |x| ≤ 1/√fan_in = " + bound + ", max " + max);
            // U(−b, b) has mean 0 and variance b²/3. For n draws the sample mean's standard error is
            // b/√(3n); 5 of them bound it (a false failure has probability < 1e-6). The second moment's
            // standard error is b²·√(4/45)/√n (the variance of u² for u ~ U(−b, b)); 5 of them again.
            assertTrue(Math.abs(sum / n) <= 5 * bound / Math.sqrt(3.0 * n), name + " mean " + sum / n);
            double secondMoment = sumSquares / n;
            assertEquals(bound * bound / 3, secondMoment, 5 * bound * bound * Math.sqrt(4.0 / 45 / n), name);
            if (n >= 64) {
                assertTrue(max > 0.9 * bound, name + " fills its interval: max " + max + " of " + bound);
            }
        }
    }

    @Test
    void theSeedDeterminesTheWeights() {
        assertArrayEquals(TorchInit.initialize(NET, 7), TorchInit.initialize(NET, 7));
        assertFalse(Arrays.equals(TorchInit.initialize(NET, 7), TorchInit.initialize(NET, 8)));
    }
}
