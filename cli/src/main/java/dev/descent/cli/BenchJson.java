package dev.descent.cli;

import dev.descent.bench.harness.BenchRow;

/**
 * How {@code descent bench --json} writes a row: one JSON object on one line. The fields the issue
 * names come first, then what makes a row self-describing.
 *
 * <ul>
 *   <li>{@code optimizer}, {@code backend}, {@code n} (elements of all tensors), {@code threads};</li>
 *   <li>{@code elements_per_s} and {@code gb_per_s} at the median time, {@code roofline_fraction}
 *       (GB/s over the bandwidth ceiling of the same run), {@code median_ns} (per step) and
 *       {@code runs};</li>
 *   <li>{@code min_ns}, {@code max_ns}, {@code steps_per_run}, {@code tensors}, {@code fused},
 *       {@code bytes_per_element}, {@code bandwidth_gb_per_s} (the ceiling), {@code copy_gb_per_s},
 *       {@code triad_gb_per_s}, {@code speedup_vs_reference} (null without a reference row) and
 *       {@code timed} ({@code step} or {@code kernel}).</li>
 * </ul>
 */
final class BenchJson {

    private BenchJson() {
    }

    /** {@code row} as one line of JSON. */
    static String row(BenchRow row) {
        StringBuilder s = new StringBuilder("{");
        s.append("\"optimizer\":").append(MinimizeReport.string(row.optimizer()));
        s.append(",\"backend\":").append(MinimizeReport.string(row.backend()));
        s.append(",\"n\":").append(row.n());
        s.append(",\"threads\":").append(row.threads());
        s.append(",\"elements_per_s\":").append(MinimizeReport.number(row.elementsPerSecond()));
        s.append(",\"gb_per_s\":").append(MinimizeReport.number(row.gbPerSecond()));
        s.append(",\"roofline_fraction\":").append(MinimizeReport.number(row.rooflineFraction()));
        s.append(",\"median_ns\":").append(MinimizeReport.number(row.time().medianNs()));
        s.append(",\"runs\":").append(row.time().runs());
        s.append(",\"min_ns\":").append(MinimizeReport.number(row.time().minNs()));
        s.append(",\"max_ns\":").append(MinimizeReport.number(row.time().maxNs()));
        s.append(",\"steps_per_run\":").append(row.time().stepsPerRun());
        s.append(",\"tensors\":").append(row.layout().tensors());
        s.append(",\"fused\":").append(row.layout().fused());
        s.append(",\"bytes_per_element\":").append(row.bytesPerElement());
        s.append(",\"bandwidth_gb_per_s\":").append(MinimizeReport.number(row.bandwidth().ceilingGbs()));
        s.append(",\"copy_gb_per_s\":").append(MinimizeReport.number(row.bandwidth().copyGbs()));
        s.append(",\"triad_gb_per_s\":").append(MinimizeReport.number(row.bandwidth().triadGbs()));
        s.append(",\"speedup_vs_reference\":").append(MinimizeReport.number(row.speedupOverReference()));
        s.append(",\"timed\":").append(MinimizeReport.string(row.mode().label()));
        return s.append('}').toString();
    }
}
