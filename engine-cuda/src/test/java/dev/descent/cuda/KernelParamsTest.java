package dev.descent.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.kernel.AdamCoefficients;
import dev.descent.kernel.SgdCoefficients;
import org.junit.jupiter.api.Test;

/** A launch's parameters are checked against the kernel's declared signature as they are added. */
class KernelParamsTest {

    @Test
    void parametersInDeclaredOrderAreAccepted() {
        var p = KernelParams.of(Kernel.AXPY_F32).f32(-0.5f).address(256).address(512).i64(1L << 40).i32(1).complete();
        assertEquals(5, p.size());
        assertEquals(Float.floatToRawIntBits(-0.5f), (int) p.get(0).bits());
        assertEquals(1L << 40, p.get(3).bits());
        var q = KernelParams.of(Kernel.optimizer(AdamCoefficients.LAYOUT)).address(1).address(2).i32(3).i32(0b111).struct(new int[] {7, 8})
                .struct(new int[] {9, 10}).complete();
        assertArrayEquals(new int[] {7, 8}, q.get(4).words());
        assertArrayEquals(new int[] {9, 10}, q.get(5).words());
        assertEquals(Double.doubleToRawLongBits(Math.PI), KernelParams.of(Kernel.SCALE_F64).f64(Math.PI).address(1).i64(1).i32(0)
                .complete().get(0).bits());
    }

    @Test
    void aWrongKindOrCountNamesTheKernelAndPosition() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> KernelParams.of(Kernel.AXPY_F32).f64(1.0));
        assertTrue(e.getMessage().contains("axpy_f32") && e.getMessage().contains("parameter 0"), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> KernelParams.of(Kernel.SUM_PARTIALS).address(1).i32(1).complete());
        assertTrue(e.getMessage().contains("3 parameters") && e.getMessage().contains("has 2"), e.getMessage());
        e = assertThrows(IllegalStateException.class,
                () -> KernelParams.of(Kernel.SUM_PARTIALS).address(1).i32(1).address(2).address(3));
        assertTrue(e.getMessage().contains("beyond"), e.getMessage());
    }

    @Test
    void structWordsAreCopied() {
        int[] words = {1, 2};
        var p = KernelParams.of(Kernel.optimizer(SgdCoefficients.LAYOUT)).address(1).address(2).i32(1).i32(3).struct(words).struct(words).complete();
        words[0] = 99;
        assertEquals(1, p.get(4).words()[0]);
    }
}
