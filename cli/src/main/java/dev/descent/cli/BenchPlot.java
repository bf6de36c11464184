package dev.descent.cli;

import dev.descent.bench.harness.Bandwidth;
import dev.descent.bench.harness.BenchResults;
import dev.descent.bench.harness.BenchRow;
import dev.descent.lab.Plots;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code descent bench --plot FILE.png|FILE.svg}: throughput against size, one panel per optimizer,
 * with XChart. Each backend (the SIMD backend once per thread count) is a line over the
 * single-tensor sizes; each dashed line is the bandwidth bound of the same run, the higher of copy
 * and triad divided by the optimizer's bytes per element: the rate no step over that memory can
 * beat. Both axes are logarithmic. Drawn and written with the lab's {@link Plots}.
 */
final class BenchPlot {

    /** The bandwidth bounds' colours, in the order of their thread counts. */
    private static final Color[] BOUND_GREYS = {new Color(150, 150, 150), new Color(90, 90, 90), new Color(40, 40, 40)};

    /** Panels per row of the figure. */
    private static final int COLUMNS = 3;

    private BenchPlot() {
    }

    /** Writes the figure of {@code results} to {@code file}, PNG or SVG by its extension. */
    static void write(BenchResults results, Path file) throws IOException {
        List<XYChart> panels = panels(results);
        Plots.write(panels, Math.min(COLUMNS, panels.size()), file);
    }

    /** One chart per optimizer, in the order the rows ran. */
    static List<XYChart> panels(BenchResults results) {
        Map<String, List<BenchRow>> byOptimizer = new LinkedHashMap<>();
        for (BenchRow r : results.rows()) {
            if (r.layout().tensors() == 1) { // the split layouts are not a size: they stay in the table
                byOptimizer.computeIfAbsent(r.optimizer(), k -> new ArrayList<>()).add(r);
            }
        }
        List<XYChart> charts = new ArrayList<>();
        for (Map.Entry<String, List<BenchRow>> e : byOptimizer.entrySet()) {
            charts.add(panel(e.getKey(), e.getValue(), results.machine().cores()));
        }
        return charts;
    }

    private static XYChart panel(String optimizer, List<BenchRow> rows, int cores) {
        XYChart chart = Plots.chart(optimizer + " (" + rows.getFirst().bytesPerElement() + " B/element)", "elements",
                "10⁹ elements/s");
        XYStyler s = chart.getStyler();
        s.setXAxisLogarithmic(true);
        s.setYAxisLogarithmic(true);
        // One line per backend and thread count, over the sizes.
        Map<String, TreeMap<Long, Double>> lines = new LinkedHashMap<>();
        // One bandwidth bound per thread count and memory, over the same sizes.
        Map<String, TreeMap<Long, Double>> bounds = new LinkedHashMap<>();
        for (BenchRow r : rows) {
            String line = r.backend().equals("simd") ? "simd ×" + r.threads() : r.backend();
            lines.computeIfAbsent(line, k -> new TreeMap<>()).put(r.n(), r.elementsPerSecond() / 1e9);
            Bandwidth b = r.bandwidth();
            String bound = "bound, " + b.memory() + " ×" + b.threads();
            bounds.computeIfAbsent(bound, k -> new TreeMap<>()).put(r.n(), b.ceilingGbs() / r.bytesPerElement());
        }
        for (Map.Entry<String, TreeMap<Long, Double>> e : lines.entrySet()) {
            XYSeries series = add(chart, e.getKey(), e.getValue());
            series.setMarker(SeriesMarkers.CIRCLE);
        }
        int k = 0;
        for (Map.Entry<String, TreeMap<Long, Double>> e : bounds.entrySet()) {
            XYSeries series = add(chart, e.getKey(), e.getValue());
            series.setMarker(SeriesMarkers.NONE);
            // Dashed and grey, darker and with longer dashes for more threads, told apart without colour.
            series.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
                    new float[] {3 + 4 * k, 4}, 0));
            series.setLineColor(BOUND_GREYS[Math.min(k, BOUND_GREYS.length - 1)]);
            k++;
        }
        return chart;
    }

    private static XYSeries add(XYChart chart, String name, TreeMap<Long, Double> points) {
        double[] x = new double[points.size()];
        double[] y = new double[points.size()];
        int i = 0;
        for (Map.Entry<Long, Double> p : points.entrySet()) {
            x[i] = p.getKey();
            y[i] = p.getValue();
            i++;
        }
        return chart.addSeries(name, x, y);
    }
}
