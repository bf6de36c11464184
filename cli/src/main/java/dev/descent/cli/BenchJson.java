package dev.descent.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.bench.harness.BenchRow;

/**
 * How {@code descent bench --json} writes a row: one JSON object on one line ({@link Json}). The fields the issue
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
        ObjectNode o = Json.object();
        o.put("optimizer", row.optimizer());
        o.put("backend", row.backend());
        o.put("n", row.n());
        o.put("threads", row.threads());
        Json.number(o, "elements_per_s", row.elementsPerSecond());
        Json.number(o, "gb_per_s", row.gbPerSecond());
        Json.number(o, "roofline_fraction", row.rooflineFraction());
        Json.number(o, "median_ns", row.time().medianNs());
        o.put("runs", row.time().runs());
        Json.number(o, "min_ns", row.time().minNs());
        Json.number(o, "max_ns", row.time().maxNs());
        o.put("steps_per_run", row.time().stepsPerRun());
        o.put("tensors", row.layout().tensors());
        o.put("fused", row.layout().fused());
        o.put("bytes_per_element", row.bytesPerElement());
        Json.number(o, "bandwidth_gb_per_s", row.bandwidth().ceilingGbs());
        Json.number(o, "copy_gb_per_s", row.bandwidth().copyGbs());
        Json.number(o, "triad_gb_per_s", row.bandwidth().triadGbs());
        Json.number(o, "speedup_vs_reference", row.speedupOverReference());
        o.put("timed", row.mode().label());
        return Json.line(o);
    }
}
