package dev.descent.lab;

import de.erichseifert.vectorgraphics2d.Processors;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Figures with XChart, one look for the whole project (the lab's experiments and the {@code --plot}
 * of {@code descent train} and {@code descent bench}): white panels with light grid lines and the
 * legend beside the plot, laid out in a grid and written as PNG or SVG (through VectorGraphics2D,
 * XChart's own SVG dependency).
 */
public final class Plots {

    /** One panel's size in pixels (points in SVG). */
    public static final int PANEL_WIDTH = 560;
    /** One panel's height in pixels (points in SVG). */
    public static final int PANEL_HEIGHT = 380;

    /** The name of the invisible point that keeps XChart from labelling evenly spaced x values one by one. */
    private static final String UNEVEN = "\u200b";

    /**
     * The lines' colours, in the order they are added: Okabe and Ito's palette for colour-blind
     * readers (without its yellow, too pale on white), then grey.
     */
    private static final Color[] PALETTE = {new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73),
        new Color(0xCC79A7), new Color(0xE69F00), new Color(0x56B4E9), Color.BLACK, new Color(0x999999)};

    private Plots() {
    }

    /** A styled, empty chart of one panel's size with its title and axis labels (give the units: "step", "loss (f − f*)"). */
    public static XYChart chart(String title, String xAxis, String yAxis) {
        XYChart chart = new XYChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT).title(title).xAxisTitle(xAxis)
                .yAxisTitle(yAxis).build();
        style(chart);
        return chart;
    }

    /** The figures' look: white, light grid lines, the legend beside the plot (inside it would hide points). */
    public static XYStyler style(XYChart chart) {
        XYStyler s = chart.getStyler();
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        s.setLegendBorderColor(Color.WHITE);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotGridLinesColor(new Color(225, 225, 225));
        s.setMarkerSize(7);
        s.setXAxisTickMarkSpacingHint(90);
        s.setYAxisTickMarkSpacingHint(60);
        return s;
    }

    /** The {@code i}-th colour of the palette the lines are drawn in (cycling). */
    public static Color color(int i) {
        return PALETTE[Math.floorMod(i, PALETTE.length)];
    }

    /** A dashed line's stroke. */
    public static BasicStroke dashed() {
        return new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0);
    }

    /**
     * Adds a line without markers through the points of {@code x} and {@code y} that can be drawn:
     * finite, and positive on a logarithmic axis (a diverged run's last values, an exact zero on a
     * log scale). A series with no such point gets one at the origin of the data, so that its legend
     * entry still shows. The line takes the palette's next colour ({@link #color}: the first line
     * shown in the legend the first colour, and so on); set another on the series returned.
     */
    public static XYSeries line(XYChart chart, String name, double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("series '" + name + "': " + x.length + " x values but " + y.length + " y values");
        }
        boolean logX = chart.getStyler().isXAxisLogarithmic();
        boolean logY = chart.getStyler().isYAxisLogarithmic();
        int n = 0;
        double[] xs = new double[Math.max(x.length, 1)];
        double[] ys = new double[xs.length];
        for (int i = 0; i < x.length; i++) {
            if (drawable(x[i], logX) && drawable(y[i], logY)) {
                xs[n] = x[i];
                ys[n++] = y[i];
            }
        }
        if (n == 0) {
            xs[0] = logX ? 1 : 0;
            ys[0] = logY ? 1 : 0;
            n = 1;
        }
        int shown = (int) chart.getSeriesMap().values().stream().filter(XYSeries::isShowInLegend).count();
        XYSeries s = chart.addSeries(name, Arrays.copyOf(xs, n), Arrays.copyOf(ys, n));
        s.setLineColor(color(shown));
        s.setMarkerColor(color(shown));
        if (!logX && n > 2 && !chart.getSeriesMap().containsKey(UNEVEN) && evenlySpaced(xs, n)) {
            // XChart puts a tick at every k-th x of evenly spaced data, whatever the spacing hint, and its
            // labels then overlap (0, 201, 402, ...); one invisible point between two x values makes it
            // choose round ticks (0, 500, 1000) as for any other data.
            XYSeries uneven = chart.addSeries(UNEVEN, new double[] {(xs[0] + xs[1]) / 2}, new double[] {ys[0]});
            uneven.setShowInLegend(false);
            uneven.setMarker(SeriesMarkers.NONE);
            uneven.setLineStyle(SeriesLines.NONE);
        }
        s.setMarker(SeriesMarkers.NONE);
        return s;
    }

    /**
     * Labels the y axis as a logarithmic one for the values {@link #logLine} adds: ticks at exponents
     * of ten, labelled {@code 1e-6}, {@code 1}, {@code 1e3}. XChart's own logarithmic axis labels
     * every decade, unreadable over the 20 or 30 decades a diverging or converging run spans; this
     * axis is linear in log₁₀ and spaces its labels as any linear axis.
     */
    public static void logarithmicY(XYChart chart) {
        chart.setCustomYAxisTickLabelsFormatter(Plots::powerOfTen);
    }

    /**
     * {@link #line} through {@code (x, log₁₀ y)}, for a chart whose y axis is {@link #logarithmicY};
     * points with {@code y ≤ 0} or not finite are left out.
     */
    public static XYSeries logLine(XYChart chart, String name, double[] x, double[] y) {
        double[] l = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            l[i] = y[i] > 0 ? Math.log10(y[i]) : Double.NaN;
        }
        return line(chart, name, x, l);
    }

    /** The label of exponent {@code e} on a {@link #logarithmicY} axis: 10^e, as {@code 1e-6} when e is whole. */
    static String powerOfTen(double e) {
        long r = Math.round(e);
        if (Math.abs(e - r) < 1e-6) {
            return r == 0 ? "1" : r == 1 ? "10" : "1e" + r;
        }
        return String.format(Locale.ROOT, "%.2g", Math.pow(10, e));
    }

    /** {@code 0, 1, ..., n − 1} as doubles: the x values of a quantity per step. */
    public static double[] steps(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
        }
        return x;
    }

    private static boolean evenlySpaced(double[] x, int n) {
        double d = x[1] - x[0];
        for (int i = 2; i < n; i++) {
            if (Math.abs(x[i] - x[i - 1] - d) > 1e-9 * Math.abs(d)) {
                return false;
            }
        }
        return true;
    }

    private static boolean drawable(double v, boolean log) {
        return Double.isFinite(v) && (!log || v > 0);
    }

    /** Whether {@code file} names a format {@link #write} writes (.png or .svg, any case). */
    public static boolean supports(String file) {
        String f = file.toLowerCase(Locale.ROOT);
        return f.endsWith(".png") || f.endsWith(".svg");
    }

    /**
     * Writes {@code panels}, {@code columns} to a row, to {@code file}, PNG or SVG by its extension; each
     * panel is drawn in a cell of the largest panel's width and height.
     */
    public static void write(List<? extends Chart<?, ?>> panels, int columns, Path file) throws IOException {
        if (panels.isEmpty() || columns < 1) {
            throw new IllegalArgumentException("a figure needs at least one panel and one column");
        }
        int rows = (panels.size() + columns - 1) / columns;
        int width = columns * cellWidth(panels);
        int height = rows * cellHeight(panels);
        try (OutputStream out = Files.newOutputStream(file)) {
            if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".svg")) {
                VectorGraphics2D g = new VectorGraphics2D();
                paintGrid(panels, columns, g);
                Processors.get("svg").getDocument(g.getCommands(), new PageSize(0, 0, width, height)).writeTo(out);
            } else if (!ImageIO.write(render(panels, columns), "png", out)) {
                throw new IOException("no PNG writer in this JDK");
            }
        }
    }

    /**
     * Writes the figure as {@code dir/stem.png} and {@code dir/stem.svg}.
     *
     * @return the PNG file
     */
    public static Path writePngAndSvg(List<? extends Chart<?, ?>> panels, int columns, Path dir, String stem)
            throws IOException {
        Path png = dir.resolve(stem + ".png");
        write(panels, columns, png);
        write(panels, columns, dir.resolve(stem + ".svg"));
        return png;
    }

    /** The panels drawn on a white image, {@code columns} to a row. */
    public static BufferedImage render(List<? extends Chart<?, ?>> panels, int columns) {
        int rows = (panels.size() + columns - 1) / columns;
        BufferedImage image = new BufferedImage(columns * cellWidth(panels), rows * cellHeight(panels),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight()); // the cells of an incomplete last row
            paintGrid(panels, columns, g);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** The panels in rows of {@code columns}, left to right, each in a cell of the largest panel's size. */
    private static void paintGrid(List<? extends Chart<?, ?>> panels, int columns, Graphics2D g) {
        int w = cellWidth(panels);
        int h = cellHeight(panels);
        for (int i = 0; i < panels.size(); i++) {
            int x = (i % columns) * w;
            int y = (i / columns) * h;
            Graphics2D cell = (Graphics2D) g.create(x, y, w, h);
            try {
                panels.get(i).paint(cell, w, h);
            } finally {
                cell.dispose();
            }
        }
    }

    private static int cellWidth(List<? extends Chart<?, ?>> panels) {
        return panels.stream().mapToInt(Chart::getWidth).max().orElse(PANEL_WIDTH);
    }

    private static int cellHeight(List<? extends Chart<?, ?>> panels) {
        return panels.stream().mapToInt(Chart::getHeight).max().orElse(PANEL_HEIGHT);
    }
}
