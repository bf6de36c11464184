package dev.descent.lab;

import java.awt.Color;
import java.awt.Graphics2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Line charts of the lab with XChart: panels side by side, written as PNG and SVG by {@link Drawings}. */
public final class LineCharts {

    /** One panel's size in pixels (points in SVG). */
    public static final int PANEL_WIDTH = 640;
    public static final int PANEL_HEIGHT = 400;

    private LineCharts() {
    }

    /** A line: its legend name and its points (non-finite or, on a log axis, non-positive ones are left out). */
    public record Line(String name, double[] x, double[] y) {
    }

    /** A panel titled {@code title} with axis titles (with units) and {@code lines}; {@code logY} for values that span decades. */
    public static XYChart panel(String title, String xAxis, String yAxis, boolean logY, List<Line> lines) {
        XYChart chart = new XYChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT).title(title).xAxisTitle(xAxis)
                .yAxisTitle(yAxis).build();
        var s = chart.getStyler();
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        s.setLegendBorderColor(Color.WHITE);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotGridLinesColor(new Color(225, 225, 225));
        s.setYAxisLogarithmic(logY);
        s.setMarkerSize(4);
        for (Line line : lines) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int i = 0; i < line.x().length; i++) {
                double y = line.y()[i];
                if (Double.isFinite(line.x()[i]) && Double.isFinite(y) && (!logY || y > 0)) {
                    xs.add(line.x()[i]);
                    ys.add(y);
                }
            }
            if (xs.isEmpty()) {
                continue;
            }
            XYSeries series = chart.addSeries(line.name(), xs, ys);
            series.setMarker(xs.size() <= 40 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        }
        return chart;
    }

    /** Writes {@code panels} in one row to {@code file} (PNG or SVG by its extension). */
    public static void write(List<XYChart> panels, Path file) throws IOException {
        Drawings.write(g -> paint(panels, g), PANEL_WIDTH * panels.size(), PANEL_HEIGHT, file);
    }

    private static void paint(List<XYChart> panels, Graphics2D g) {
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, PANEL_WIDTH * panels.size(), PANEL_HEIGHT);
        for (int i = 0; i < panels.size(); i++) {
            Graphics2D cell = (Graphics2D) g.create(i * PANEL_WIDTH, 0, PANEL_WIDTH, PANEL_HEIGHT);
            try {
                panels.get(i).paint(cell, PANEL_WIDTH, PANEL_HEIGHT);
            } finally {
                cell.dispose();
            }
        }
    }
}
