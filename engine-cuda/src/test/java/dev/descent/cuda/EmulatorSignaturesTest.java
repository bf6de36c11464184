package dev.descent.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.descent.kernel.GradientClip;
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

    private static final Map<Kernel, Class<? extends Record>> STRUCTS = CoefficientRecords.byKernel();

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
                boolean args = true; // an optimizer step's first struct is its coefficients, the second its GradientClip
                for (ParamKind p : k.params()) {
                    int size = p.bytes();
                    if (p == ParamKind.STRUCT) {
                        size = 4 * (args ? STRUCTS.get(k) : GradientClip.class).getRecordComponents().length;
                        args = false;
                    }
                    expected.add(p + ":" + size);
                }
                assertEquals(expected, compiled.get(k.symbol()), k.symbol());
            }
            assertEquals(declared, new TreeSet<>(compiled.keySet()), "kernels the emulator has but Java does not declare");
        }
    }
}
