package dev.descent.lab;

import dev.descent.objective.HostObjective;

/**
 * A tilted plane {@code f(w) = slope · w} in one dimension: its gradient is {@code slope} everywhere,
 * the "inclined plane" on which a ball with momentum reaches a terminal velocity.
 */
final class InclinedPlane extends HostObjective {

    private final double slope;

    /** The plane of gradient {@code slope}. */
    InclinedPlane(double slope) {
        super("inclined-plane", 1);
        this.slope = slope;
    }

    @Override
    public double[] startingValues() {
        return new double[1];
    }

    @Override
    protected double valueAndGradient(double[] x, double[] gradient) {
        gradient[0] = slope;
        return slope * x[0];
    }
}
