package com.example.quickstart;

import dev.descent.objective.HostObjective;

/**
 * A user-written objective: the mean squared error of the line {@code y = a·x + b} over data points,
 * {@code f(a, b) = 1/(2m)·Σ (a·xᵢ + b − yᵢ)²}. Extending {@link HostObjective} means writing the value
 * and the gradient over plain {@code double[]} arrays; Descent copies the point out of, and the
 * gradient into, the tensors of whatever backend and dtype the caller uses.
 */
final class LineFit extends HostObjective {
    private final double[] xs;
    private final double[] ys;

    LineFit(double[] xs, double[] ys) {
        super("line-fit", 2);
        if (xs.length != ys.length || xs.length < 2) {
            throw new IllegalArgumentException("need as many x as y values, at least 2; got " + xs.length
                    + " and " + ys.length);
        }
        this.xs = xs.clone();
        this.ys = ys.clone();
    }

    /** The minimizers start here unless told otherwise. */
    @Override
    public double[] startingValues() {
        return new double[] {0, 0};
    }

    @Override
    protected double valueAndGradient(double[] ab, double[] gradient) {
        double a = ab[0];
        double b = ab[1];
        double f = 0;
        double da = 0;
        double db = 0;
        for (int i = 0; i < xs.length; i++) {
            double r = a * xs[i] + b - ys[i];
            f += r * r;
            da += r * xs[i];
            db += r;
        }
        int m = xs.length;
        gradient[0] = da / m;
        gradient[1] = db / m;
        return f / (2 * m);
    }

    /** The exact minimizer {@code (a, b)} from the normal equations, to check the runs against. */
    double[] leastSquares() {
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < xs.length; i++) {
            sx += xs[i];
            sy += ys[i];
            sxx += xs[i] * xs[i];
            sxy += xs[i] * ys[i];
        }
        int m = xs.length;
        double a = (m * sxy - sx * sy) / (m * sxx - sx * sx);
        return new double[] {a, (sy - a * sx) / m};
    }
}
