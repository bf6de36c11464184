package dev.descent.bench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Element counts written as people write them. */
class SizesTest {

    @Test
    void compactUsesPowersOfTenFromTenThousand() {
        assertEquals("1e4", Sizes.compact(10_000));
        assertEquals("1e7", Sizes.compact(10_000_000));
        assertEquals("5e6", Sizes.compact(5_000_000));
        assertEquals("1000", Sizes.compact(1000));
        assertEquals("25000", Sizes.compact(25_000));
        assertEquals("12345", Sizes.compact(12_345));
    }

    @Test
    void parsesIntegersAndScientificNotation() {
        assertEquals(10_000, Sizes.parse("1e4", 1_000_000));
        assertEquals(10_000, Sizes.parse(" 10000 ", 1_000_000));
        assertEquals(2_500_000, Sizes.parse("2.5e6", 10_000_000));
        assertEquals(1, Sizes.parse("1", 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "0", "-5", "1.5", "1e-3", "2e6", "1e999999999"})
    void rejectsWhatIsNotAWholeCountInRange(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sizes.parse(text, 1_000_000));
        assertEquals(true, e.getMessage().contains("'" + text + "'"), e.getMessage());
    }
}
