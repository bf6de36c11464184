package dev.descent.bench.harness;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run measured.
 *
 * @param machine the machine it ran on
 * @param plan what was asked
 * @param bandwidths the bandwidths measured, one per memory, thread count and size
 * @param rows one per optimizer, backend, thread count and layout, in the order they ran
 * @param skipped the backends asked for that could not run here, each with the reason
 * @param seconds the wall time of the run
 */
public record BenchResults(MachineDescription machine, BenchPlan plan, List<Bandwidth> bandwidths, List<BenchRow> rows,
        Map<String, String> skipped, double seconds) {

    public BenchResults {
        bandwidths = List.copyOf(bandwidths);
        rows = List.copyOf(rows);
        skipped = Collections.unmodifiableMap(new LinkedHashMap<>(skipped)); // in the order asked
    }
}
