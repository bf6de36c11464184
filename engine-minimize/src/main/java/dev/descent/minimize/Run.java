package dev.descent.minimize;

import dev.descent.backend.Backend;
import dev.descent.objective.Objective;
import dev.descent.objective.StochasticObjective;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The bookkeeping of one minimizer run: evaluation counters, the stopping tests of {@link
 * Stopping}, the trajectory, the wall clock, and the {@link MinimizeResult} at the end.
 */
final class Run {

    /** A stopping test that fired: its reason and the numbers behind it. */
    record Stop(StopReason reason, String detail) {
    }

    final Objective objective;
    final Backend backend;
    private final String method;
    private final Stopping stopping;
    private final int maxIterations;
    private final long start = System.nanoTime();
    private final List<Double> values; // null unless recording
    private final List<double[]> points; // null unless recording a 2-D problem
    private long functionEvaluations;
    private long gradientEvaluations;
    private long curvatureProducts;
    private double initialGradientNorm = Double.NaN;
    private double previousValue = Double.NaN;

    /** A run with {@code stopping}'s tests and the iteration limit {@code maxIterations} (already resolved). */
    Run(String method, Objective objective, Tensor x, Stopping stopping, int maxIterations, boolean recordTrajectory) {
        if (x.size() != objective.dimension()) {
            throw new IllegalArgumentException(method + ": problem '" + objective.name() + "' has n = "
                    + objective.dimension() + " but the starting point '" + x.name() + "' has " + x.size() + " elements");
        }
        this.method = method;
        this.objective = objective;
        this.backend = x.backend();
        this.stopping = stopping;
        this.maxIterations = maxIterations;
        this.values = recordTrajectory ? new ArrayList<>() : null;
        this.points = recordTrajectory && objective.dimension() == 2 ? new ArrayList<>() : null;
    }

    /** f(x), with ∇f(x) written into {@code gradient}; counted. */
    double evaluate(Tensor x, Tensor gradient) {
        functionEvaluations++;
        gradientEvaluations++;
        return objective.valueAndGradient(x, gradient);
    }

    /** The mini-batch value {@code f_B(x)}, with {@code ∇f_B(x)} written into {@code gradient}; counted as one evaluation. */
    double evaluateBatch(StochasticObjective objective, Tensor x, int[] batch, Tensor gradient) {
        functionEvaluations++;
        gradientEvaluations++;
        return objective.batchValueAndGradient(x, batch, gradient);
    }

    /** {@code out ← ∇²f(x)·v}; counted. */
    void hessianVector(Tensor x, Tensor v, Tensor out) {
        curvatureProducts++;
        objective.hessianVectorProduct(x, v, out);
    }

    /** {@code out ← G(x)·v}; counted. */
    void gaussNewtonVector(Tensor x, Tensor v, Tensor out) {
        curvatureProducts++;
        objective.gaussNewtonVectorProduct(x, v, out);
    }

    /** Counts a curvature product made by other means (finite differences requested explicitly). */
    void countCurvatureProduct() {
        curvatureProducts++;
    }

    /** Appends {@code f(x)} (and x, for 2-D problems) to the trajectory, if one is recorded. */
    void record(double value, Tensor x) {
        if (values != null) {
            values.add(value);
        }
        if (points != null) {
            points.add(x.toDoubleArray());
        }
    }

    /** The stopping test that fires at iterate {@code iteration} with value f and gradient g, or null. */
    Stop check(int iteration, double value, Tensor gradient) {
        double gInf = backend.vectorOps().maxAbs(gradient);
        if (!Double.isFinite(value) || !Double.isFinite(gInf)) {
            return new Stop(StopReason.NON_FINITE, "f = " + value + ", ‖g‖∞ = " + gInf + " at iteration " + iteration);
        }
        if (gInf <= stopping.gtol()) {
            return new Stop(StopReason.GRADIENT_TOLERANCE, "‖g‖∞ = " + fmt(gInf) + " ≤ gtol = " + fmt(stopping.gtol()));
        }
        if (stopping.relativeTolerance() > 0) {
            double g2 = backend.vectorOps().norm2(gradient);
            if (iteration == 0 || Double.isNaN(initialGradientNorm)) {
                initialGradientNorm = g2;
            } else if (g2 <= stopping.relativeTolerance() * initialGradientNorm) {
                return new Stop(StopReason.RELATIVE_RESIDUAL, "‖g‖₂ = " + fmt(g2) + " ≤ " + fmt(stopping.relativeTolerance())
                        + "·‖g₀‖₂ = " + fmt(stopping.relativeTolerance() * initialGradientNorm));
            }
        }
        double previous = previousValue;
        previousValue = value;
        if (stopping.ftol() > 0 && iteration > 0 && !Double.isNaN(previous)) {
            double reduction = (previous - value) / Math.max(Math.max(Math.abs(previous), Math.abs(value)), 1);
            if (reduction <= stopping.ftol()) {
                return new Stop(StopReason.VALUE_REDUCTION, "(f_prev − f)/max(|f_prev|, |f|, 1) = " + fmt(reduction)
                        + " ≤ ftol = " + fmt(stopping.ftol()));
            }
        }
        if (iteration >= maxIterations) {
            return new Stop(StopReason.ITERATION_LIMIT, "reached the limit of " + maxIterations
                    + " iterations with ‖g‖∞ = " + fmt(gInf));
        }
        return null;
    }

    /** The iteration limit of this run. */
    int maxIterations() {
        return maxIterations;
    }

    /** The result of a run that ended at iterate {@code iteration} with value f and gradient g. */
    MinimizeResult finish(int iterations, double value, Tensor gradient, StopReason reason, String detail) {
        double seconds = (System.nanoTime() - start) * 1e-9;
        Optional<Trajectory> trajectory = values == null ? Optional.empty()
                : Optional.of(new Trajectory(values.stream().mapToDouble(Double::doubleValue).toArray(),
                        points == null ? List.of() : points));
        double gInf = backend.vectorOps().maxAbs(gradient);
        return new MinimizeResult(method, iterations, functionEvaluations, gradientEvaluations, curvatureProducts,
                value, gInf, reason, detail, gInf <= stopping.gtol(), seconds, trajectory);
    }

    /** {@link #finish(int, double, Tensor, StopReason, String)} for a stopping test that fired. */
    MinimizeResult finish(int iterations, double value, Tensor gradient, Stop stop) {
        return finish(iterations, value, gradient, stop.reason(), stop.detail());
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
