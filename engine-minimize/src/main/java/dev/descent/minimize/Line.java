package dev.descent.minimize;

import dev.descent.tensor.Tensor;

/**
 * {@code φ(α) = f(x + αd)} on tensors: each evaluation forms the trial point {@code x + αd} in
 * {@link #point} and its gradient in {@link #gradient} (so the accepted step, always the last one
 * evaluated, needs no second evaluation), and returns {@code φ'(α) = ∇f(x + αd)ᵀd}. Besides the
 * evaluation a trial costs one {@code linearCombination} (reads x and d, writes the point) and one
 * dot: five passes over the vectors, where a copy and an axpy made seven.
 */
final class Line implements LineFunction {

    private final Run run;
    private final Tensor x;
    private final Tensor direction;
    final Tensor point;
    final Tensor gradient;
    private LinePoint last;

    /** The line through {@code x} along {@code direction}; trials go to {@code point} and {@code gradient}. */
    Line(Run run, Tensor x, Tensor direction, Tensor point, Tensor gradient) {
        this(run, x, direction, point, gradient, null);
    }

    /**
     * The line through {@code x} along {@code direction} whose {@code point} and {@code gradient}
     * already hold the evaluation {@code evaluated} (null: none), so that settling on it costs nothing.
     */
    Line(Run run, Tensor x, Tensor direction, Tensor point, Tensor gradient, LinePoint evaluated) {
        this.run = run;
        this.x = x;
        this.direction = direction;
        this.point = point;
        this.gradient = gradient;
        this.last = evaluated;
    }

    @Override
    public LinePoint at(double step) {
        run.backend.vectorOps().linearCombination(new double[] {1, step}, new Tensor[] {x, direction}, point);
        double value = run.evaluate(point, gradient);
        last = new LinePoint(step, value, run.backend.vectorOps().dot(gradient, direction));
        return last;
    }

    /** Makes {@link #point} and {@link #gradient} hold the accepted point (re-evaluating only if needed). */
    LinePoint settle(LinePoint accepted) {
        if (last == null || last.step() != accepted.step()) {
            return at(accepted.step());
        }
        return last;
    }
}
