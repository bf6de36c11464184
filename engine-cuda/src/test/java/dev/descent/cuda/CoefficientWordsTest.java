package dev.descent.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.descent.kernel.AdamCoefficients;
import dev.descent.kernel.GainsCoefficients;
import dev.descent.kernel.RpropCoefficients;
import dev.descent.kernel.RpropVariant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Coefficient records become kernel structs word by word, in component order. */
class CoefficientWordsTest {

    private static int f(float x) {
        return Float.floatToRawIntBits(x);
    }

    @Test
    void floatsBooleansAndEnumsInComponentOrder() {
        AdamCoefficients a = new AdamCoefficients(1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, -0f, true, false);
        assertArrayEquals(new int[] {f(1), f(2), f(3), f(4), f(5), f(6), f(7), f(8), f(-0f), 1, 0}, CoefficientWords.of(a));
        RpropCoefficients r = new RpropCoefficients(0.5f, 1.2f, 1e-6f, 50f, RpropVariant.IRPROP_PLUS, true, false);
        assertArrayEquals(new int[] {f(0.5f), f(1.2f), f(1e-6f), f(50f), 3, 1, 0}, CoefficientWords.of(r));
        GainsCoefficients g = new GainsCoefficients(1f, 2f, 3f, 4f, 5f, 6f, true, Float.NaN, false);
        assertEquals(f(Float.NaN), CoefficientWords.of(g)[7]);
        assertEquals(1, CoefficientWords.of(g)[6]);
    }

    @Test
    void fieldsAreNamedAsTheCudaStructsNameThem() {
        assertEquals(List.of("float step_size", "float bias_correction2_sqrt", "float beta1", "float one_minus_beta1",
                "float beta2", "float one_minus_beta2", "float eps", "float weight_decay", "float decay_factor",
                "int amsgrad", "int maximize"), CoefficientWords.fields(AdamCoefficients.class));
        assertEquals("one_minus_beta1", CoefficientWords.snakeCase("oneMinusBeta1"));
    }

    @Test
    void recordsWithOtherComponentTypesAreRejected() {
        record Bad(double x) {
        }
        assertThrows(IllegalArgumentException.class, () -> CoefficientWords.of(new Bad(1)));
    }
}
