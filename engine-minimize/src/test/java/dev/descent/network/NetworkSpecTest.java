package dev.descent.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.RegressionData;
import dev.descent.kernel.Activation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The layout of a network's flat parameter vector: torch's state_dict names, shapes and order. */
class NetworkSpecTest {

    private static final NetworkSpec NET = new NetworkSpec(new int[] {4, 3, 5, 2}, Activation.TANH, Loss.CROSS_ENTROPY);

    @Test
    void namesShapesAndOffsetsFollowTorchsStateDict() {
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"), NET.parameterNames());
        List<long[]> shapes = NET.parameterShapes();
        long[][] expected = {{3, 4}, {3}, {5, 3}, {5}, {2, 5}, {2}};
        assertEquals(expected.length, shapes.size());
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], shapes.get(i), NET.parameterNames().get(i));
        }
        assertArrayEquals(new long[] {0, 12, 15, 30, 35, 45}, NET.parameterOffsets());
        assertEquals(47, NET.parameterCount());
        assertEquals(3, NET.depth());
        assertEquals(Activation.TANH, NET.activationAfter(1));
        assertEquals(Activation.IDENTITY, NET.activationAfter(2), "the last layer gives the logits");
        assertEquals("4,3,5,2 tanh cross_entropy", NET.describe());
    }

    @Test
    void layersAreCopiedAndComparedByValue() {
        int[] widths = {2, 2};
        NetworkSpec a = new NetworkSpec(widths, Activation.RELU, Loss.MSE);
        widths[0] = 9;
        assertEquals(2, a.inputs());
        a.layers()[1] = 7;
        assertEquals(2, a.outputs());
        assertEquals(a, new NetworkSpec(new int[] {2, 2}, Activation.RELU, Loss.MSE));
        assertEquals(a.hashCode(), new NetworkSpec(new int[] {2, 2}, Activation.RELU, Loss.MSE).hashCode());
    }

    @Test
    void parseLayersReadsTheCommandLineSpelling() {
        assertArrayEquals(new int[] {784, 256, 10}, NetworkSpec.parseLayers("784,256,10"));
        assertArrayEquals(new int[] {2, 1}, NetworkSpec.parseLayers(" 2, 1"));
        for (String bad : new String[] {"784", "784,,10", "784,0,10", "784,-3,10", "784,x,10", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NetworkSpec.parseLayers(bad));
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void badNetworksAreRefusedWithTheReason() {
        assertThrows(IllegalArgumentException.class, () -> new NetworkSpec(new int[] {3}, Activation.RELU, Loss.MSE));
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> new NetworkSpec(new int[] {3, 0, 2}, Activation.RELU, Loss.MSE));
        assertTrue(zero.getMessage().contains("width 1 is 0"), zero.getMessage());
        IllegalArgumentException oneClass = assertThrows(IllegalArgumentException.class,
                () -> new NetworkSpec(new int[] {3, 1}, Activation.RELU, Loss.CROSS_ENTROPY));
        assertTrue(oneClass.getMessage().contains("at least 2 outputs"), oneClass.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new NetworkSpec(new int[] {100_000, 100_000}, Activation.RELU, Loss.MSE));
    }

    @Test
    void lossAndActivationNamesAreTorchs() {
        assertEquals(Loss.CROSS_ENTROPY, Loss.of("cross_entropy"));
        assertEquals("mse", Loss.MSE.label());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Loss.of("nll"));
        assertTrue(e.getMessage().contains("'nll'"), e.getMessage());
    }

    @Test
    void regressionDataChecksItsSizes() {
        RegressionData ok = new RegressionData(2, 3, 1, new float[6], new float[2]);
        assertEquals(1, ok.outputs());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RegressionData(2, 3, 2, new float[6], new float[3]));
        assertTrue(e.getMessage().contains("4 targets, got 6 and 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RegressionData(0, 3, 1, new float[0], new float[0]));
    }
}
