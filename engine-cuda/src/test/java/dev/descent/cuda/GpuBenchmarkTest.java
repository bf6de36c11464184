package dev.descent.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The GPU benchmark's code path, run end to end on the emulated device with small layouts and
 * wall-clock timing, so that the one GPU session does not find its bugs: every row is printed, the
 * figures are positive, both goal lines appear, and every tensor is freed.
 */
class GpuBenchmarkTest {

    @Test
    void runsEveryCaseAndFreesWhatItAllocates() {
        var started = EmulatedDevice.start();
        assumeTrue(started.isPresent(), () -> "no kernel emulator: " + Emulator.whyNot());
        try (EmulatedDevice device = started.get()) {
            CudaBackend cuda = new CudaBackend(device);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            GpuBenchmark.Timer wallClock = (work, repetitions) -> {
                long start = System.nanoTime();
                for (int i = 0; i < repetitions; i++) {
                    work.run();
                }
                return (System.nanoTime() - start) / 1e6 / repetitions;
            };
            int before = device.liveAllocations();
            new GpuBenchmark(cuda, wallClock, new PrintStream(bytes, true, StandardCharsets.UTF_8)).run(List.of(
                    new GpuBenchmark.Layout("1 x 1000", 1, 1000), new GpuBenchmark.Layout("1 x 4000", 1, 4000),
                    new GpuBenchmark.Layout("1 x 9000", 1, 9000), new GpuBenchmark.Layout("10 x 400", 10, 400)));
            String out = bytes.toString(StandardCharsets.UTF_8);
            List<String> rows = out.lines().filter(l -> l.startsWith("adam ") || l.startsWith("sgd-momentum ")).toList();
            assertEquals(8, rows.size(), out);
            for (String row : rows) {
                assertTrue(row.matches(".*\\d+\\.\\d+%$") && !row.contains("NaN") && !row.contains("Infinity"), row);
            }
            assertTrue(out.contains("adam: 1e8 at") && out.contains("sgd-momentum: 1e8 at"), out);
            // Every tensor is freed; what is left are the cached group tables, one per layout and optimizer.
            assertEquals(8, cuda.cachedTables());
            assertEquals(before + cuda.cachedTables(), device.liveAllocations());
        }
    }
}
