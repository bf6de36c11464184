package dev.descent.cli;

import de.erichseifert.vectorgraphics2d.Processors;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import dev.descent.bench.harness.Bandwidth;
import dev.descent.bench.harness.BenchResults;
import dev.descent.bench.harness.BenchRow;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code descent bench --plot FILE.png|FILE.svg}: throughput against size, one panel per optimizer,
 * with XChart. Each backend (the SIMD backend once per thread count) is a line over the
 * single-tensor sizes; each dashed line is the bandwidth bound of the same run, the higher of copy
 * and triad divided by the optimizer's bytes per element: the rate no step over that memory can
 * beat. Both axes are logarithmic.
 */
final class BenchPlot {

    /** One panel's size in pixels (points in SVG). */
    static final int PANEL_WIDTH = 560;
    static final int PANEL_HEIGHT = 380;

    /** The bandwidth bounds' colours, in the order of their thread counts. */
    private static final Color[] BOUND_GREYS = {new Color(150, 150, 150), new Color(90, 90, 90), new Color(40, 40, 40)};

    /** Panels per row of the figure. */
    private static final int COLUMNS = 3;

    private BenchPlot() {
    }

    /** Whether {@code file} names a format this class writes (.png or .svg, any case). */
    static boolean supports(String file) {
        String f = file.toLowerCase(Locale.ROOT);
        return f.endsWith(".png") || f.endsWith(".svg");
    }

    /** Writes the figure of {@code results} to {@code file}, PNG or SVG by its extension. */
    static void write(BenchResults results, Path file) throws IOException {
        List<XYChart> panels = panels(results);
        writePanels(panels, Math.min(COLUMNS, panels.size()), file);
    }

    /** Writes {@code panels}, {@code columns} to a row, to {@code file}, PNG or SVG by its extension. */
    static void writePanels(List<XYChart> panels, int columns, Path file) throws IOException {
        int rows = (panels.size() + columns - 1) / columns;
        int width = columns * PANEL_WIDTH;
        int height = rows * PANEL_HEIGHT;
        try (OutputStream out = Files.newOutputStream(file)) {
            if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".svg")) {
                VectorGraphics2D g = new VectorGraphics2D();
                paintGrid(panels, columns, g);
                Processors.get("svg").getDocument(g.getCommands(), new PageSize(0, 0, width, height)).writeTo(out);
            } else {
                BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = image.createGraphics();
                try {
                    g.setColor(Color.WHITE);
                    g.fillRect(0, 0, width, height); // the cells of an incomplete last row
                    paintGrid(panels, columns, g);
                } finally {
                    g.dispose();
                }
                if (!ImageIO.write(image, "png", out)) {
                    throw new IOException("no PNG writer in this JDK");
                }
            }
        }
    }

    /** The panels in rows of {@code columns}, left to right. */
    private static void paintGrid(List<XYChart> panels, int columns, Graphics2D g) {
        for (int i = 0; i < panels.size(); i++) {
            int x = (i % columns) * PANEL_WIDTH;
            int y = (i / columns) * PANEL_HEIGHT;
            Graphics2D cell = (Graphics2D) g.create(x, y, PANEL_WIDTH, PANEL_HEIGHT);
            try {
                panels.get(i).paint(cell, PANEL_WIDTH, PANEL_HEIGHT);
            } finally {
                cell.dispose();
            }
        }
    }

    /** The figures' look: white, light grid lines, the legend beside the plot (inside it would hide points). */
    static XYStyler style(XYChart chart) {
        XYStyler s = chart.getStyler();
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        s.setLegendBorderColor(Color.WHITE);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotGridLinesColor(new Color(225, 225, 225));
        s.setMarkerSize(7);
        return s;
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
        XYChart chart = new XYChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT)
                .title(optimizer + " (" + rows.getFirst().bytesPerElement() + " B/element)")
                .xAxisTitle("elements").yAxisTitle("10⁹ elements/s").build();
        XYStyler s = style(chart);
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
