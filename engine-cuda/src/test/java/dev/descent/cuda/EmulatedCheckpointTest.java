package dev.descent.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.descent.testing.CheckpointResume;
import dev.descent.testing.HyperCase;
import dev.descent.testing.HyperCases;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bit-exact resume from a checkpoint ({@link CheckpointResume}) for every optimizer on the CUDA backend over the emulated device: the state goes device → file as raw float32 bytes
 * ({@code copyTo(MemorySegment)}) and back, and the resumed run equals the uninterrupted one bit for bit.
 */
class EmulatedCheckpointTest extends EmulatedBackendTestBase {
    @TempDir
    Path dir;

    /**
     * Per optimizer the case with the most state tensors (AMSGrad, centered RMSprop with momentum, ...):
     * the emulator takes seconds per case, and engine-tests runs every case on the CPU backends.
     */
    static Stream<HyperCase> cases() {
        Map<String, HyperCase> most = new LinkedHashMap<>();
        for (HyperCase c : HyperCases.all()) {
            most.merge(c.optimizer(), c, (a, b) -> b.spec().state().size() > a.spec().state().size() ? b : a);
        }
        return most.values().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aResumedRunEqualsTheUninterruptedOneBitForBit(HyperCase c) {
        assumeTrue(device != null, () -> "no kernel emulator: " + Emulator.whyNot());
        assertEquals(Optional.empty(), CheckpointResume.mismatch(cuda, c, dir), c.toString());
    }
}
