package dev.descent.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.descent.kernel.AdadeltaCoefficients;
import dev.descent.kernel.AdagradCoefficients;
import dev.descent.kernel.AdamCoefficients;
import dev.descent.kernel.AdamaxCoefficients;
import dev.descent.kernel.GainsCoefficients;
import dev.descent.kernel.NadamCoefficients;
import dev.descent.kernel.RmspropCoefficients;
import dev.descent.kernel.RpropCoefficients;
import dev.descent.kernel.SgdCoefficients;
import dev.descent.kernel.VsgdCoefficients;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The compiler's view of every kernel (the emulator reports each parameter's kind and size as C++
 * sees the compiled signature) equals the Java declaration in {@link Kernel}, struct sizes included:
 * one 4-byte word per coefficient-record component.
 */
class EmulatorSignaturesTest {

    private static final Map<Kernel, Class<? extends Record>> STRUCTS = Map.of(
            Kernel.SGD_STEP, SgdCoefficients.class, Kernel.ADAGRAD_STEP, AdagradCoefficients.class,
            Kernel.ADADELTA_STEP, AdadeltaCoefficients.class, Kernel.RMSPROP_STEP, RmspropCoefficients.class,
            Kernel.RPROP_STEP, RpropCoefficients.class, Kernel.ADAM_STEP, AdamCoefficients.class,
            Kernel.ADAMAX_STEP, AdamaxCoefficients.class, Kernel.NADAM_STEP, NadamCoefficients.class,
            Kernel.GAINS_STEP, GainsCoefficients.class,
            Kernel.VSGD_STEP, VsgdCoefficients.class);

    @Test
    void compiledSignaturesAreTheDeclaredOnes() {
        var device = EmulatedDevice.start();
        assumeTrue(device.isPresent(), () -> "no kernel emulator: " + Emulator.whyNot());
        try (EmulatedDevice d = device.get()) {
            Map<String, List<String>> compiled = d.kernelSignatures();
            TreeSet<String> declared = new TreeSet<>();
            for (Kernel k : Kernel.values()) {
                declared.add(k.symbol());
                List<String> expected = new ArrayList<>();
                for (ParamKind p : k.params()) {
                    int size = p == ParamKind.STRUCT ? 4 * STRUCTS.get(k).getRecordComponents().length : p.bytes();
                    expected.add(p + ":" + size);
                }
                assertEquals(expected, compiled.get(k.symbol()), k.symbol());
            }
            assertEquals(declared, new TreeSet<>(compiled.keySet()), "kernels the emulator has but Java does not declare");
        }
    }
}
