package dev.descent.lab;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * A two-variable function drawn as shaded level bands with their boundaries (the contours), and
 * paths over it, one colour per path with a legend, drawn with Java2D so that the same drawing
 * makes a PNG, an SVG (through VectorGraphics2D) and the frames of an animation. XChart has no
 * contour plot, hence this class.
 *
 * @param title the figure's title
 * @param background the level bands of the plot area ({@link #of} computes them)
 * @param levelLabel what the bands show, for the caption under the plot
 * @param box the region {@code {xmin, xmax, ymin, ymax}}
 * @param marks points to mark with a cross (the minimum, the saddle point), possibly none
 * @param markLabel the legend's text for the marks
 * @param paths the paths, in legend order
 */
public record ContourFigure(String title, BufferedImage background, String levelLabel, double[] box,
        List<double[]> marks, String markLabel, List<Trace> paths) {

    /** The figure's size in pixels (points in SVG). */
    public static final int WIDTH = 900;
    public static final int HEIGHT = 620;

    private static final int LEFT = 70;
    private static final int RIGHT = 190;
    private static final int TOP = 44;
    private static final int BOTTOM = 64;

    /**
     * One path: its label, colour and points {@code (x, y)}.
     *
     * @param label the legend's text
     * @param colour the line's colour
     * @param points the points in order, each {@code {x, y}}
     */
    public record Trace(String label, Color colour, List<double[]> points) {
    }

    /** Paints the whole figure. */
    public void paint(Graphics2D g) {
        paint(g, Integer.MAX_VALUE);
    }

    /** Paints the figure with each path drawn up to its point {@code upTo} (a frame of the animation). */
    public void paint(Graphics2D g, int upTo) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        int pw = WIDTH - LEFT - RIGHT;
        int ph = HEIGHT - TOP - BOTTOM;
        g.drawImage(background, LEFT, TOP, null);
        g.setColor(Color.DARK_GRAY);
        g.drawRect(LEFT, TOP, pw, ph);
        axes(g, pw, ph);
        Graphics2D plot = (Graphics2D) g.create(LEFT, TOP, pw + 1, ph + 1);
        try {
            plot.clipRect(0, 0, pw + 1, ph + 1);
            for (double[] m : marks) {
                cross(plot, px(m[0], pw), py(m[1], ph));
            }
            for (Trace t : paths) {
                trace(plot, t, upTo, pw, ph);
            }
        } finally {
            plot.dispose();
        }
        legend(g, pw);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.setColor(Color.BLACK);
        FontMetrics fm = g.getFontMetrics();
        g.drawString(title, LEFT + (pw - fm.stringWidth(title)) / 2, TOP - 16);
    }

    /**
     * The figure of {@code f} over {@code box}, shaded in bands {@code levelStep} wide of
     * {@code level(f)} (the identity, or a log for functions that span decades), computed once here so
     * that every frame of an animation shares them.
     */
    public static ContourFigure of(String title, DoubleBinaryOperator f, DoubleUnaryOperator level, String levelLabel,
            double levelStep, double[] box, List<double[]> marks, String markLabel, List<Trace> paths) {
        BufferedImage background = levels(f, level, levelStep, box, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM);
        return new ContourFigure(title, background, levelLabel, box.clone(), List.copyOf(marks), markLabel,
                List.copyOf(paths));
    }

    /** The level bands as an image of the plot area, band boundaries darkened. */
    private static BufferedImage levels(DoubleBinaryOperator f, DoubleUnaryOperator level, double levelStep,
            double[] box, int pw, int ph) {
        double[][] v = new double[ph + 1][pw + 1];
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int j = 0; j <= ph; j++) {
            for (int i = 0; i <= pw; i++) {
                double x = box[0] + (box[1] - box[0]) * i / pw;
                double y = box[3] - (box[3] - box[2]) * j / ph;
                double l = level.applyAsDouble(f.applyAsDouble(x, y));
                v[j][i] = l;
                if (Double.isFinite(l)) {
                    lo = Math.min(lo, l);
                    hi = Math.max(hi, l);
                }
            }
        }
        BufferedImage image = new BufferedImage(pw, ph, BufferedImage.TYPE_INT_RGB);
        for (int j = 0; j < ph; j++) {
            for (int i = 0; i < pw; i++) {
                long band = band(v[j][i], levelStep);
                boolean edge = band != band(v[j][i + 1], levelStep) || band != band(v[j + 1][i], levelStep);
                double t = hi > lo ? (Math.floor(v[j][i] / levelStep) * levelStep - lo) / (hi - lo) : 0.5;
                Color c = shade(Math.max(0, Math.min(1, t)));
                image.setRGB(i, j, edge ? c.darker().darker().getRGB() : c.getRGB());
            }
        }
        return image;
    }

    private static long band(double l, double levelStep) {
        return Double.isFinite(l) ? (long) Math.floor(l / levelStep) : Long.MAX_VALUE;
    }

    /** A light sequential palette: pale blue (low) through pale yellow to pale orange (high). */
    private static Color shade(double t) {
        float[][] stops = {{0.78f, 0.86f, 0.97f}, {0.97f, 0.97f, 0.82f}, {0.99f, 0.82f, 0.68f}};
        double s = t * (stops.length - 1);
        int k = Math.min(stops.length - 2, (int) s);
        float u = (float) (s - k);
        return new Color(stops[k][0] + u * (stops[k + 1][0] - stops[k][0]), stops[k][1] + u * (stops[k + 1][1] - stops[k][1]),
                stops[k][2] + u * (stops[k + 1][2] - stops[k][2]));
    }

    private void axes(Graphics2D g, int pw, int ph) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        g.setColor(Color.BLACK);
        for (double t : ticks(box[0], box[1])) {
            int x = LEFT + (int) Math.round(px(t, pw));
            g.drawLine(x, TOP + ph, x, TOP + ph + 5);
            String s = tick(t);
            g.drawString(s, x - fm.stringWidth(s) / 2, TOP + ph + 19);
        }
        for (double t : ticks(box[2], box[3])) {
            int y = TOP + (int) Math.round(py(t, ph));
            g.drawLine(LEFT - 5, y, LEFT, y);
            String s = tick(t);
            g.drawString(s, LEFT - 8 - fm.stringWidth(s), y + 4);
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        fm = g.getFontMetrics();
        g.drawString("x", LEFT + pw / 2 - fm.stringWidth("x") / 2, TOP + ph + 38);
        Graphics2D r = (Graphics2D) g.create();
        try {
            r.rotate(-Math.PI / 2);
            r.drawString("y", -(TOP + ph / 2), LEFT - 44);
        } finally {
            r.dispose();
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(Color.DARK_GRAY);
        g.drawString(levelLabel, LEFT, TOP + ph + 56);
    }

    /** About six round tick values in [lo, hi]. */
    static double[] ticks(double lo, double hi) {
        double raw = (hi - lo) / 6;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw / mag < 1.5 ? mag : raw / mag < 3.5 ? 2 * mag : raw / mag < 7.5 ? 5 * mag : 10 * mag;
        double first = Math.ceil(lo / step - 1e-9) * step;
        int n = (int) Math.floor((hi - first) / step + 1e-9) + 1;
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = first + i * step;
        }
        return t;
    }

    private static String tick(double v) {
        String s = String.format(Locale.ROOT, "%.2f", v + 0.0);
        return s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    private void trace(Graphics2D g, Trace t, int upTo, int pw, int ph) {
        List<double[]> pts = t.points();
        int last = Math.min(upTo, pts.size() - 1);
        Path2D.Double line = new Path2D.Double();
        boolean open = false;
        for (int k = 0; k <= last; k++) {
            double[] p = pts.get(k);
            if (!Double.isFinite(p[0]) || !Double.isFinite(p[1])) {
                break;
            }
            // Far-off points are pulled in so that the line leaves the plot in the right direction.
            double x = Math.max(-10 * pw, Math.min(11 * pw, px(p[0], pw)));
            double y = Math.max(-10 * ph, Math.min(11 * ph, py(p[1], ph)));
            if (open) {
                line.lineTo(x, y);
            } else {
                line.moveTo(x, y);
                open = true;
            }
        }
        g.setColor(t.colour());
        g.setStroke(new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(line);
        if (open) {
            double[] head = line.getCurrentPoint() == null ? null
                    : new double[] {line.getCurrentPoint().getX(), line.getCurrentPoint().getY()};
            if (head != null) {
                Shape dot = new Ellipse2D.Double(head[0] - 4, head[1] - 4, 8, 8);
                g.fill(dot);
                g.setColor(Color.BLACK);
                g.setStroke(new BasicStroke(0.8f));
                g.draw(dot);
            }
        }
    }

    private static void cross(Graphics2D g, double x, double y) {
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(2.5f));
        g.draw(new java.awt.geom.Line2D.Double(x - 7, y - 7, x + 7, y + 7));
        g.draw(new java.awt.geom.Line2D.Double(x - 7, y + 7, x + 7, y - 7));
    }

    private void legend(Graphics2D g, int pw) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        int x = LEFT + pw + 18;
        int y = TOP + 12;
        for (Trace t : paths) {
            g.setColor(t.colour());
            g.setStroke(new BasicStroke(3f));
            g.drawLine(x, y - 4, x + 26, y - 4);
            g.setColor(Color.BLACK);
            g.drawString(t.label(), x + 34, y);
            y += 22;
        }
        if (!marks.isEmpty()) {
            cross(g, x + 13, y - 4);
            g.drawString(markLabel, x + 34, y);
        }
    }

    private double px(double x, int pw) {
        return (x - box[0]) / (box[1] - box[0]) * pw;
    }

    private double py(double y, int ph) {
        return (box[3] - y) / (box[3] - box[2]) * ph;
    }
}
