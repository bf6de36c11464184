package dev.descent.lab;

import dev.descent.backend.Backend;
import dev.descent.objective.Objective;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Parameter;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.Arrays;
import java.util.function.Function;

/**
 * The path of one optimizer on an objective: the point and the value before each step, from the
 * start to the last step (or to the first non-finite value, where a diverging run stops).
 *
 * @param label the optimizer's name in the figures' legends
 * @param points {@code points[k]} is the point after {@code k} steps ({@code points[0]} the start)
 * @param losses {@code losses[k]} is the objective's value at {@code points[k]}
 */
public record OptimizerPath(String label, double[][] points, double[] losses) {

    public OptimizerPath {
        if (points.length != losses.length || points.length == 0) {
            throw new IllegalArgumentException("a path needs as many losses as points, at least one: got "
                    + points.length + " points and " + losses.length + " losses");
        }
    }

    /**
     * Runs {@code steps} steps of the optimizer {@code optimizer} builds for the float32 parameter
     * (and its gradient) on {@code backend}, starting at {@code start}; each step's gradient is the
     * objective's at the current point.
     */
    public static OptimizerPath follow(String label, Backend backend, Objective objective, double[] start, int steps,
            Function<Parameter, Optimizer> optimizer) {
        if (start.length != objective.dimension()) {
            throw new IllegalArgumentException("the start has " + start.length + " coordinates but " + objective.name()
                    + " has " + objective.dimension());
        }
        double[][] points = new double[steps + 1][];
        double[] losses = new double[steps + 1];
        int n = 0;
        try (Tensor x = backend.allocate("x", DType.FLOAT32, start.length);
                Tensor g = backend.allocate("g", DType.FLOAT32, start.length)) {
            x.copyFrom(start);
            try (Optimizer opt = optimizer.apply(new Parameter(x, g))) {
                for (int k = 0; k <= steps; k++) {
                    double f = objective.valueAndGradient(x, g);
                    points[n] = x.toDoubleArray();
                    losses[n++] = f;
                    if (!Double.isFinite(f) || k == steps) {
                        break;
                    }
                    opt.step();
                }
            }
        }
        return new OptimizerPath(label, Arrays.copyOf(points, n), Arrays.copyOf(losses, n));
    }

    /** Coordinate {@code i} of every point. */
    public double[] coordinate(int i) {
        double[] c = new double[points.length];
        for (int k = 0; k < points.length; k++) {
            c[k] = points[k][i];
        }
        return c;
    }

    /** The number of steps taken ({@code points().length − 1}). */
    public int steps() {
        return points.length - 1;
    }

    /** The value at the last point. */
    public double lastLoss() {
        return losses[losses.length - 1];
    }
}
