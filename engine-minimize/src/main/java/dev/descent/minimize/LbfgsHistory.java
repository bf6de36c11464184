package dev.descent.minimize;

import dev.descent.backend.Backend;
import dev.descent.tensor.Tensor;
import java.util.Arrays;

/**
 * The last {@code m} curvature pairs {@code sᵢ = xᵢ₊₁ − xᵢ}, {@code yᵢ = ∇fᵢ₊₁ − ∇fᵢ} of L-BFGS and the
 * direction {@code −H·g} they define: the two-loop recursion (Nocedal &amp; Wright, 2nd ed., Alg. 7.4)
 * with the initial scaling {@code H₀ = (sᵀy / yᵀy)·I} of the newest pair (eq. 7.20), in the
 * vector-free form of Chen, Wang &amp; Zhou ("Large-scale L-BFGS using MapReduce", NIPS 2014, Alg. 3).
 * Pairs with {@code sᵀy ≤ ε·yᵀy} (ε the float64 machine epsilon) are skipped: they would break
 * positive definiteness.
 *
 * <p>Vector-free: every vector of the recursion is a combination of the basis {@code {s₁…sₘ, y₁…yₘ,
 * g}}, so the recursion runs on the {@code 2m+1} coefficients and the basis's Gram matrix ({@link
 * GramBasis}) on the host, and the backend does two things per iteration: one {@code
 * linearCombination} that forms {@code d} from the basis, and, once a step is taken, one {@code dots}
 * pass for the inner products of the new {@code y} and {@code g} with the basis. The classical
 * recursion makes {@code 4m} passes of dot or axpy instead, each over two or three vectors. The
 * slope {@code gᵀd} also comes from the Gram matrix.
 *
 * <p>The new {@code s} costs no pass at all. As in L-BFGS-B it is kept as {@code α·d}, the accepted
 * step times the direction, which stays in its tensor, rather than formed as {@code xᵢ₊₁ − xᵢ}; and
 * its inner products are known without reading it. The recursion never uses {@code sᵢᵀsⱼ} (its
 * first loop takes {@code sᵢᵀq} for q in the span of g and the y's, its second {@code yᵢᵀr}, the
 * slope {@code gᵀd}); {@code sᵀyⱼ} of a kept pair is {@code α·Σᵢ cᵢ·bᵢᵀyⱼ} for the coefficients c of
 * d; and {@code sᵀgₖ₊₁ = α·φ'(α)}, {@code sᵀy = α·(φ'(α) − φ'(0))} (L-BFGS-B's formula) come from
 * the slopes of the line search. {@code y} is formed (one {@code linearCombination}): writing it as
 * a difference of stored gradients would lose its inner products to cancellation once the
 * gradients change little. Finally the oldest pair, which a kept pair pushes out of a full history,
 * is left out of the pass; only if the curvature test then rejects the new pair after all (possible
 * only when {@code 0 < sᵀy ≤ ε·yᵀy}) is it put back and measured again, in a second pass.
 */
final class LbfgsHistory {

    private static final double CURVATURE_EPS = 0x1p-52;

    private final int memory;
    private final GramBasis basis;
    private final Backend backend;
    /** Direction tensors, one more than the pairs kept so that a new one never overwrites a kept {@code s}. */
    private final Tensor[] directions;
    /** {@code y} tensors, paired with {@link #directions} by index. */
    private final Tensor[] differences;
    /** The pairs kept, by index into {@link #directions}, oldest first. */
    private final int[] pairs;
    /** The accepted step α of each direction tensor's pair ({@code s = α·d}), by index into {@link #directions}. */
    private final double[] steps;
    private final double[] alpha;
    private final double[] coefficients;
    private int count;
    private Tensor gradient;
    private int pending = -1;
    private double slope = Double.NaN;

    LbfgsHistory(int memory, Workspace workspace, Backend backend) {
        this.memory = memory;
        this.backend = backend;
        this.basis = new GramBasis(backend, 2 * (memory + 1) + 1);
        this.directions = new Tensor[memory + 1];
        this.differences = new Tensor[memory + 1];
        for (int i = 0; i <= memory; i++) {
            directions[i] = workspace.vector("s" + i);
            differences[i] = workspace.vector("y" + i);
        }
        this.pairs = new int[memory];
        this.steps = new double[memory + 1];
        this.alpha = new double[memory];
        this.coefficients = new double[basis.size()];
    }

    /** The slot of {@code sₚ = αₚ·dₚ}. */
    private static int s(int p) {
        return p;
    }

    /** The slot of {@code yₚ}. */
    private int y(int p) {
        return memory + 1 + p;
    }

    /** The slot of the current gradient. */
    private int g() {
        return 2 * (memory + 1);
    }

    /** Starts from the gradient {@code g} at the first iterate, with no pairs: one pass for {@code gᵀg}. */
    void start(Tensor g) {
        gradient = g;
        basis.put(g(), g, 1);
        basis.measure(g());
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** Forgets every pair (a restart from steepest descent); the gradient stays. */
    void clear() {
        for (int k = 0; k < count; k++) {
            basis.remove(s(pairs[k]));
            basis.remove(y(pairs[k]));
        }
        count = 0;
    }

    /** {@code ‖g‖₂} of the current gradient, from the Gram matrix. */
    double gradientNorm() {
        return Math.sqrt(basis.dot(g(), g()));
    }

    /**
     * {@code d ← −H·g} ({@code −g} while there is no pair) in a direction tensor of the history, by
     * the two-loop recursion on coefficients and one {@code linearCombination}; {@link #slope()} is
     * then its {@code gᵀd}.
     *
     * @return the tensor that holds d until the next call; {@link #add} keeps it as the next {@code s}
     */
    Tensor direction() {
        double[] c = coefficients;
        Arrays.fill(c, 0);
        c[g()] = 1; // q = g
        for (int k = count - 1; k >= 0; k--) { // newest to oldest: αᵢ = ρᵢ·sᵢᵀq, q ← q − αᵢ·yᵢ
            int p = pairs[k];
            alpha[k] = basis.dot(s(p), c) / basis.dot(s(p), y(p));
            c[y(p)] -= alpha[k];
        }
        if (count > 0) { // r = H₀·q with H₀ = (sᵀy / yᵀy)·I of the newest pair
            int newest = pairs[count - 1];
            double gamma = basis.dot(s(newest), y(newest)) / basis.dot(y(newest), y(newest));
            for (int j = 0; j < c.length; j++) {
                c[j] *= gamma;
            }
        }
        for (int k = 0; k < count; k++) { // oldest to newest: β = ρᵢ·yᵢᵀr, r ← r + (αᵢ − β)·sᵢ
            int p = pairs[k];
            double beta = basis.dot(y(p), c) / basis.dot(s(p), y(p));
            c[s(p)] += alpha[k] - beta;
        }
        for (int j = 0; j < c.length; j++) { // d = −r
            c[j] = -c[j];
        }
        slope = basis.dot(g(), c);
        pending = freeSlot();
        basis.combine(c, directions[pending]);
        return directions[pending];
    }

    /** {@code gᵀd} of the last {@link #direction()}, from the Gram matrix. */
    double slope() {
        return slope;
    }

    /**
     * Moves to the next iterate after the step {@code α·d} along the last {@link #direction()}, whose
     * gradient is {@code gNext} and whose slope there is {@code φ'(α) = gNextᵀd}: adds the pair {@code
     * s = α·d}, {@code y = gNext − g} unless its curvature {@code sᵀy} is not safely positive
     * (dropping the oldest pair once there are m), and makes {@code gNext} the current gradient. One
     * {@code linearCombination} forms y and one {@code dots} call measures y and gNext against the
     * basis.
     *
     * @return whether the pair was kept
     */
    boolean add(double step, double slopeAtStep, Tensor gNext) {
        if (pending < 0) {
            throw new IllegalStateException("no direction to add a step along");
        }
        int p = pending;
        pending = -1;
        // s's inner products, while the basis is still the one d was combined from (coefficients c)
        double sy = step * (slopeAtStep - slope);
        double sg = step * slopeAtStep;
        double[] sKept = new double[count];
        for (int k = 0; k < count; k++) {
            sKept[k] = step * basis.dot(y(pairs[k]), coefficients);
        }
        backend.vectorOps().linearCombination(new double[] {1, -1}, new Tensor[] {gNext, gradient}, differences[p]);
        gradient = gNext;
        int oldest = count == memory && sy > 0 ? pairs[0] : -1; // leaves if the pair is kept
        if (oldest >= 0) {
            basis.remove(s(oldest));
            basis.remove(y(oldest));
        }
        basis.put(g(), gNext, 1);
        basis.put(y(p), differences[p], 1);
        basis.measure(y(p), g());
        double yy = basis.dot(y(p), y(p));
        if (!(sy > CURVATURE_EPS * yy) || !Double.isFinite(sy) || !Double.isFinite(yy)) {
            basis.remove(y(p));
            if (oldest >= 0) { // the oldest pair stays after all, and needs its products with gNext
                basis.put(s(oldest), directions[oldest], steps[oldest]);
                basis.put(y(oldest), differences[oldest], 1);
                basis.measure(s(oldest), y(oldest));
            }
            return false;
        }
        basis.put(s(p), directions[p], step);
        int first = oldest >= 0 ? 1 : 0;
        for (int k = first; k < count; k++) {
            basis.set(s(p), y(pairs[k]), sKept[k]);
        }
        basis.set(s(p), y(p), sy);
        basis.set(s(p), g(), sg);
        steps[p] = step;
        if (oldest >= 0) {
            System.arraycopy(pairs, 1, pairs, 0, count - 1);
            count--;
        }
        pairs[count++] = p;
        return true;
    }

    /** A direction tensor that holds no kept pair's s: there are m + 1 of them for at most m pairs. */
    private int freeSlot() {
        for (int p = 0; p <= memory; p++) {
            if (!basis.occupied(s(p))) {
                return p;
            }
        }
        throw new IllegalStateException("every direction tensor holds a pair");
    }
}
