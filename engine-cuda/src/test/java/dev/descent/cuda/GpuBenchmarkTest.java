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
 * figures are positive, the goal lines appear (float32 and bfloat16 with master weights), and every
 * tensor is freed.
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
                    new GpuBenchmark.Layout("1 x 100", 1, 100), new GpuBenchmark.Layout("1 x 400", 1, 400),
                    new GpuBenchmark.Layout("1 x 900", 1, 900), new GpuBenchmark.Layout("10 x 40", 10, 40)));
            String out = bytes.toString(StandardCharsets.UTF_8);
            List<String> rows = out.lines().filter(l -> l.matches("(adam|sgd-momentum)(-bf16)? .*")).toList();
            assertEquals(16, rows.size(), out);
            assertEquals(8, rows.stream().filter(r -> r.split(" +")[0].endsWith("-bf16")).count(), out);
            for (String row : rows) {
                assertTrue(row.matches(".*\\d+\\.\\d+%$") && !row.contains("NaN") && !row.contains("Infinity"), row);
            }
            assertTrue(out.contains("adam: 1e8 at") && out.contains("sgd-momentum: 1e8 at"), out);
            assertTrue(out.contains("adam-bf16: 1e8 at") && out.contains("sgd-momentum-bf16: 1e8 at"), out);
            // Every tensor is freed; what is left are the cached group tables, one per layout and optimizer.
            assertEquals(16, cuda.cachedTables());
            assertEquals(before + cuda.cachedTables(), device.liveAllocations());
        }
    }
}
