package dev.descent.minimize;

import java.util.List;

/**
 * The path of a run: the value at the start and after every iteration, and for two-dimensional
 * problems the points as well (for contour plots).
 *
 * @param values {@code f(x₀), f(x₁), …}
 * @param points {@code x₀, x₁, …} when the problem has two variables, else empty
 */
public record Trajectory(double[] values, List<double[]> points) {

    public Trajectory {
        values = values.clone();
        points = points.stream().map(double[]::clone).toList();
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    @Override
    public List<double[]> points() {
        return points.stream().map(double[]::clone).toList();
    }
}
