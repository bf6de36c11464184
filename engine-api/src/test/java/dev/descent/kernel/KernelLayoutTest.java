package dev.descent.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.descent.tensor.DType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The layout descriptors: what each step uses and writes, and what follows from them. */
class KernelLayoutTest {

    private static AdamCoefficients adam(boolean amsgrad) {
        return new AdamCoefficients(1e-3f, 1f, 0.9f, 0.1f, 0.999f, 0.001f, 1e-8f, 0f, 1f, amsgrad, false);
    }

    private static SgdCoefficients sgd(float momentum) {
        return new SgdCoefficients(0.1f, momentum, 1f, 0f, false, false, false);
    }

    @Test
    void usedSlotsMarkParameterGradientAndTheStatesTheConfigurationUses() {
        assertEquals(0b11, sgd(0f).usedSlots(), "SGD without momentum leaves its buffer alone");
        assertEquals(0b111, sgd(0.9f).usedSlots());
        assertEquals(0b01111, adam(false).usedSlots(), "max_exp_avg_sq only with AMSGrad");
        assertEquals(0b11111, adam(true).usedSlots());
    }

    @Test
    void writtenSlotsLeaveOutTheGradientAndTheCallersInputs() {
        assertEquals(0b11101, AdamCoefficients.LAYOUT.writtenSlots());
        // vSGD: p, g, g_avg, v_avg, h_avg, tau written; curvature and grad_sq (slots 6, 7) only read; h2_avg written.
        assertEquals(0b100111101, VsgdCoefficients.LAYOUT.writtenSlots());
    }

    @Test
    void bytesPerElementCountEveryUsedSlotReadAndEveryWrittenOneWritten() {
        assertEquals(28, adam(false).bytesPerElement(), "p, g, m, v read; p, m, v written");
        assertEquals(36, adam(true).bytesPerElement());
        assertEquals(12, sgd(0f).bytesPerElement());
        assertEquals(20, sgd(0.9f).bytesPerElement());
    }

    @Test
    void masterWeightStepsCountTheLowPrecisionGradientAndParameterAndTheFloat32Master() {
        // g read (2), master read and written (4 + 4), m and v read and written (16), p written (2).
        assertEquals(28, adam(false).bytesPerElement(DType.BFLOAT16));
        assertEquals(36, adam(true).bytesPerElement(DType.FLOAT16), "max_exp_avg_sq read and written too");
        assertEquals(12, sgd(0f).bytesPerElement(DType.BFLOAT16), "g 2, master 8, p 2: no state");
        assertEquals(20, sgd(0.9f).bytesPerElement(DType.BFLOAT16));
        assertEquals(28, adam(false).bytesPerElement(DType.FLOAT32), "float32: no master");
        assertEquals(56, adam(false).bytesPerElement(DType.FLOAT64));
    }

    @Test
    void everyRecordDeclaresOneLayoutWithItsOwnKernelName() {
        List<KernelLayout<?>> all = KernelLayout.all();
        assertEquals(Coefficients.class.getPermittedSubclasses().length, all.size());
        assertEquals(all.size(), all.stream().map(KernelLayout::kernel).distinct().count());
        assertEquals(List.of("sgd", "adagrad", "adadelta", "rmsprop", "rprop", "adam", "adamax", "nadam", "gains",
                "vsgd"), all.stream().map(KernelLayout::kernel).toList());
    }

    /** vSGD-fd on mini-batches: parameter, gradient and eight state slots (curvature_sq the last). */
    @Test
    void theWidestKernelIsVsgdWithTenSlots() {
        assertEquals(10, KernelLayout.maxSlots());
        assertEquals(10, VsgdCoefficients.LAYOUT.slots());
    }

    @Test
    void aStateNameDeclaredTwiceIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KernelLayout.<SgdCoefficients>of("x", StateSlot.state("a", 0f), StateSlot.state("a", 1f)));
        assertEquals("x declares the state slot 'a' twice", e.getMessage());
    }
}
