package dev.descent.minimize;

import static dev.descent.minimize.Fixture.BACKEND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The vector-free two-loop recursion of {@link LbfgsHistory} (on the Gram matrix of the pairs, then
 * one linear combination) against the classical one (Nocedal &amp; Wright Alg. 7.4), written here with
 * plain dot products and axpys on Java arrays, on random data: the same directions, slopes and
 * skipped pairs, through a history that fills, drops its oldest pairs, skips a pair of negative
 * curvature, skips a pair of tiny positive curvature while full (the case where the history has to
 * measure its oldest pair again) and is cleared.
 *
 * <p>Tolerance: the two recursions are the same arithmetic reassociated (the vector-free one sums
 * {@code Σⱼ cⱼ·bᵢᵀbⱼ} where the classical one sums {@code Σₖ bᵢ[k]·q[k]}, and it takes the inner
 * products of a new {@code s = α·d} from the coefficients of d and the slopes), so they differ by
 * rounding amplified by the condition of the pairs. The random curvature below ({@code y = D·s +
 * noise}, D diagonal in [1, 10]) keeps that condition small; the differences seen are at most 4e-15
 * of {@code ‖d‖∞} (and of |gᵀd|), and 1e-12 leaves room for other data without admitting a wrong
 * coefficient, which would show at order 1.
 */
class LbfgsHistoryTest {

    private static final int N = 60;
    private static final int MEMORY = 5;
    private static final double TOLERANCE = 1e-12;
    private static final double CURVATURE_EPS = 0x1p-52;

    /** One pair of the classical history, on the host. */
    private record Pair(double[] s, double[] y) {
    }

    @Test
    void theVectorFreeDirectionIsTheClassicalTwoLoopDirection() {
        Random random = new Random(20141208);
        double[] curvature = new double[N];
        for (int i = 0; i < N; i++) {
            curvature[i] = 1 + 9 * random.nextDouble();
        }
        Tensor like = BACKEND.allocate("like", DType.FLOAT64, N);
        try (like; Workspace ws = new Workspace("test", like)) {
            Tensor g = ws.vector("g");
            Tensor gNext = ws.vector("g next");
            double[] gValues = gaussian(random);
            g.copyFrom(gValues);
            LbfgsHistory history = new LbfgsHistory(MEMORY, ws, BACKEND);
            history.start(g);
            assertEquals(Math.sqrt(dot(gValues, gValues)), history.gradientNorm(), 1e-14 * Math.sqrt(dot(gValues,
                    gValues)), "‖g‖₂ from the Gram matrix");
            List<Pair> pairs = new ArrayList<>();
            int kept = 0;
            int skipped = 0;
            for (int iteration = 0; iteration < 3 * MEMORY + 4; iteration++) {
                if (iteration == 2 * MEMORY + 1) { // a restart: both forget every pair
                    history.clear();
                    pairs.clear();
                }
                double[] d = history.direction().toDoubleArray();
                double[] expected = twoLoop(pairs, gValues);
                double scale = maxAbs(expected);
                for (int i = 0; i < N; i++) {
                    assertEquals(expected[i], d[i], TOLERANCE * scale, "iteration " + iteration + ", d[" + i + "] with "
                            + pairs.size() + " pairs");
                }
                double slope = dot(gValues, expected);
                assertEquals(slope, history.slope(), TOLERANCE * Math.abs(slope), "gᵀd at iteration " + iteration);
                assertTrue(history.slope() < 0, "a descent direction");

                double step = 0.1 + 1.9 * random.nextDouble();
                double[] s = new double[N];
                double[] y = new double[N];
                double[] next = new double[N];
                for (int i = 0; i < N; i++) {
                    s[i] = step * d[i];
                    y[i] = curvature[i] * s[i] + 1e-3 * scale * random.nextGaussian();
                }
                if (iteration == MEMORY + 2) { // negative curvature
                    for (int i = 0; i < N; i++) {
                        y[i] = -s[i];
                    }
                } else if (iteration == 2 * MEMORY - 1) { // 0 < sᵀy ≤ ε·yᵀy: y = s plus a part ⟂ s 1e9 times longer
                    double[] w = gaussian(random);
                    axpy(-dot(w, s) / dot(s, s), s, w);
                    double stretch = 1e9 * Math.sqrt(dot(s, s) / dot(w, w));
                    for (int i = 0; i < N; i++) {
                        y[i] = s[i] + stretch * w[i];
                    }
                }
                for (int i = 0; i < N; i++) {
                    next[i] = gValues[i] + y[i];
                }
                gNext.copyFrom(next);
                boolean classicalKeeps = dot(s, y) > CURVATURE_EPS * dot(y, y);
                assertEquals(classicalKeeps, history.add(step, dot(next, d), gNext), "pair kept at iteration "
                        + iteration);
                if (classicalKeeps) {
                    if (pairs.size() == MEMORY) {
                        pairs.removeFirst();
                    }
                    pairs.add(new Pair(s, y));
                    kept++;
                } else {
                    skipped++;
                }
                Tensor t = g; // gNext is the history's gradient now; the old one holds the next trial
                g = gNext;
                gNext = t;
                gValues = next;
            }
            assertEquals(2, skipped, "the pairs of negative and of tiny curvature, and only they, are skipped");
            assertTrue(kept > 2 * MEMORY, "the history filled and dropped pairs: " + kept + " kept");
        }
    }

    /** N&amp;W Alg. 7.4 with H₀ = (sᵀy / yᵀy)·I of the newest pair: {@code −H·g}. */
    private static double[] twoLoop(List<Pair> pairs, double[] g) {
        double[] q = g.clone();
        double[] alpha = new double[pairs.size()];
        for (int k = pairs.size() - 1; k >= 0; k--) {
            Pair p = pairs.get(k);
            alpha[k] = dot(p.s(), q) / dot(p.s(), p.y());
            axpy(-alpha[k], p.y(), q);
        }
        if (!pairs.isEmpty()) {
            Pair newest = pairs.getLast();
            double gamma = dot(newest.s(), newest.y()) / dot(newest.y(), newest.y());
            for (int i = 0; i < q.length; i++) {
                q[i] *= gamma;
            }
        }
        for (int k = 0; k < pairs.size(); k++) {
            Pair p = pairs.get(k);
            double beta = dot(p.y(), q) / dot(p.s(), p.y());
            axpy(alpha[k] - beta, p.s(), q);
        }
        for (int i = 0; i < q.length; i++) {
            q[i] = -q[i];
        }
        return q;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static void axpy(double alpha, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += alpha * x[i];
        }
    }

    private static double maxAbs(double[] x) {
        double m = 0;
        for (double v : x) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    private static double[] gaussian(Random random) {
        double[] v = new double[N];
        for (int i = 0; i < N; i++) {
            v[i] = random.nextGaussian();
        }
        return v;
    }
}
