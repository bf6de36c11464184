package dev.descent.lab;

import dev.descent.objective.Quadratic;
import java.awt.Color;
import java.util.Arrays;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A quadratic bowl in the plane, {@code f(x) = ½ xᵀAx} with {@code A = λ₁u₁u₁ᵀ + λ₂u₂u₂ᵀ}: eigenvalues
 * {@code small ≤ large}, the eigenvector of the small one at {@code angle} radians from the x axis.
 * Its minimum is 0 at the origin.
 *
 * @param small the smaller eigenvalue λ₁ > 0
 * @param large the larger eigenvalue λ₂ = λmax ≥ λ₁
 * @param angle the direction of λ₁'s eigenvector, in radians
 */
public record Quadratic2d(double small, double large, double angle) {

    public Quadratic2d {
        if (!(small > 0) || !(large >= small) || !Double.isFinite(large)) {
            throw new IllegalArgumentException("a bowl needs 0 < λ₁ ≤ λ₂ < ∞, got λ₁ = " + small + ", λ₂ = " + large);
        }
    }

    /** The objective over {@code A} (dense 2 × 2, b = 0), for the optimizers to step on. */
    public Quadratic objective() {
        double c = Math.cos(angle);
        double s = Math.sin(angle);
        // u₁ = (c, s), u₂ = (−s, c)
        double a11 = small * c * c + large * s * s;
        double a12 = (small - large) * c * s;
        double a22 = small * s * s + large * c * c;
        return Quadratic.ofMatrix(2, new double[] {a11, a12, a12, a22}, new double[2]);
    }

    /** The coordinate of {@code x} along λ₁'s eigenvector ({@code i = 0}) or λ₂'s ({@code i = 1}). */
    public double along(int i, double[] x) {
        double c = Math.cos(angle);
        double s = Math.sin(angle);
        return i == 0 ? c * x[0] + s * x[1] : -s * x[0] + c * x[1];
    }

    /** {@code f(x)}. */
    public double value(double[] x) {
        double p = along(0, x);
        double q = along(1, x);
        return 0.5 * (small * p * p + large * q * q);
    }

    /** Draws the level sets {@code f = level} as thin grey ellipses (not in the legend). */
    public void contours(XYChart chart, double... levels) {
        int n = 181;
        for (int l = 0; l < levels.length; l++) {
            double a = Math.sqrt(2 * levels[l] / small);
            double b = Math.sqrt(2 * levels[l] / large);
            double[] x = new double[n];
            double[] y = new double[n];
            for (int k = 0; k < n; k++) {
                double t = 2 * Math.PI * k / (n - 1);
                double p = a * Math.cos(t);
                double q = b * Math.sin(t);
                x[k] = p * Math.cos(angle) - q * Math.sin(angle);
                y[k] = p * Math.sin(angle) + q * Math.cos(angle);
            }
            XYSeries s = Plots.line(chart, "f = " + MarkdownTable.number(levels[l]), x, y);
            s.setLineColor(new Color(200, 200, 200));
            s.setShowInLegend(false);
        }
    }

    /**
     * A square panel of {@code path} over this bowl's level sets {@code levels}, the axes from
     * {@code −box} to {@code box}; a path that leaves the box is drawn up to the first point beyond
     * three times the box (a diverging path's later points would only squash the picture).
     */
    public XYChart pathPanel(String title, OptimizerPath path, double box, double... levels) {
        XYChart c = Plots.chart(title, "x₁", "x₂");
        c.getStyler().setXAxisTickMarkSpacingHint(60);
        c.getStyler().setLegendVisible(false);
        c.getStyler().setXAxisMin(-box).setXAxisMax(box).setYAxisMin(-box).setYAxisMax(box);
        c.getStyler().setMarkerSize(4);
        contours(c, levels);
        double[][] points = path.points();
        int n = 0;
        while (n < points.length && Math.abs(points[n][0]) <= 3 * box && Math.abs(points[n][1]) <= 3 * box) {
            n++;
        }
        n = Math.min(n + 1, points.length);
        XYSeries s = Plots.line(c, path.label(), Arrays.copyOf(path.coordinate(0), n), Arrays.copyOf(path.coordinate(1), n));
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setLineColor(Color.BLUE);
        s.setMarkerColor(Color.BLUE);
        return c;
    }
}
