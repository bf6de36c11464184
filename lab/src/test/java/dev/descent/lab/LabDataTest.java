package dev.descent.lab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabDataTest {

    @TempDir
    Path empty;

    @Test
    void syntheticDataAreAFunctionOfTheSeed() {
        LabData a = LabData.synthetic(50, 20, 4, 3, 0.1, 9);
        LabData b = LabData.synthetic(50, 20, 4, 3, 0.1, 9);
        LabData c = LabData.synthetic(50, 20, 4, 3, 0.1, 10);
        assertArrayEquals(a.train().features(), b.train().features());
        assertArrayEquals(a.test().labels(), b.test().labels());
        assertFalse(java.util.Arrays.equals(a.train().features(), c.train().features()));
        assertEquals(50, a.train().rows());
        assertEquals(20, a.test().rows());
        assertEquals(3, a.train().classes());
    }

    @Test
    void headKeepsTheFirstExamples() {
        LabData a = LabData.synthetic(30, 5, 2, 2, 0, 1);
        var head = LabData.head(a.train(), 7);
        assertEquals(7, head.rows());
        assertEquals(a.train().features()[13], head.features()[13]);
        assertEquals(a.train().labels()[6], head.labels()[6]);
        assertEquals(a.train(), LabData.head(a.train(), 30));
    }

    @Test
    void missingFashionMnistIsSaidAndTheStandInUsed() {
        String before = System.getProperty(LabData.FASHION_MNIST_PROPERTY);
        System.setProperty(LabData.FASHION_MNIST_PROPERTY, empty.toString());
        try {
            assertFalse(LabData.fashionMnistInstalled());
            var e = assertThrows(IllegalStateException.class, () -> LabData.fashionMnist(100));
            assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
            LabData standIn = LabData.fashionMnistOr(100, LabData.synthetic(20, 10, 3, 2, 0, 1));
            assertEquals(20, standIn.train().rows());
            assertTrue(standIn.description().contains("Fashion-MNIST is not installed in " + empty), standIn.description());
        } finally {
            if (before == null) {
                System.clearProperty(LabData.FASHION_MNIST_PROPERTY);
            } else {
                System.setProperty(LabData.FASHION_MNIST_PROPERTY, before);
            }
        }
    }
}
