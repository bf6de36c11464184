package dev.descent.minimize;

import dev.descent.backend.Backend;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The inner solver of Hessian-free optimization (Martens 2010): conjugate gradients on the
 * damped quadratic model {@code φ(p) = ½pᵀ(C + λI)p + gᵀp}, C the Gauss–Newton matrix or the
 * Hessian, applied through curvature-vector products on the backend.
 *
 * <ul>
 *   <li>Warm start from {@code p₀} (the caller passes {@code 0.95·p_prev}: Martens' sharing of
 *       information across runs), replaced by 0 when {@code φ(p₀) ≥ 0}, i.e. when the old step is
 *       no better than not moving.</li>
 *   <li>Stop on relative progress (Martens' CG termination condition): at iteration i with
 *       {@code k = max(10, ⌈0.1·i⌉)}, once {@code i > k}, {@code φᵢ < 0} and
 *       {@code (φᵢ − φᵢ₋ₖ)/φᵢ < k·ε}, ε = 5·10⁻⁴; on a residual below {@code √u·‖g‖₂} (u the
 *       dtype's unit roundoff: the system is solved to rounding); on a direction of non-positive
 *       curvature (possible with the Hessian); or after {@code maxIterations}.</li>
 *   <li>Keep the iterates {@code p_i} at {@code i = ⌈1.3ʲ⌉} and the last one for CG backtracking:
 *       the caller tries them from the last backwards while f keeps decreasing.</li>
 * </ul>
 * Since {@code r = −g − (C + λI)p}, the model value is {@code φ(p) = ½(g − r)ᵀp} at no extra product.
 */
final class DampedConjugateGradient {

    /** Martens' relative-progress tolerance ε. */
    static final double PROGRESS_TOLERANCE = 5e-4;

    /** Martens' growth factor of the iterations kept for backtracking. */
    static final double KEEP_GROWTH = 1.3;

    /** A kept iterate: the step p, its damped model value and {@code ‖p‖²}. */
    record Candidate(int iteration, Tensor step, double model, double squaredNorm) {
    }

    /**
     * Why CG stopped, the kept iterates in order (the last is the final iterate), and the damped model
     * value {@code φᵢ} of every iterate {@code i = 0, 1, …} (the relative-progress test's input).
     */
    record Solution(List<Candidate> candidates, String stoppedBy, List<Double> models) {
    }

    /** A curvature-vector product {@code out ← C(x)·v}, counted by the caller. */
    @FunctionalInterface
    interface Curvature {
        void apply(Tensor x, Tensor v, Tensor out);
    }

    private final Backend backend;
    private final Workspace workspace;
    private final Curvature curvature;
    private final int maxIterations;
    private final Tensor r;
    private final Tensor d;
    private final Tensor ad;
    private final List<Tensor> pool = new ArrayList<>();

    DampedConjugateGradient(Backend backend, Workspace workspace, Curvature curvature, int maxIterations) {
        this.backend = backend;
        this.workspace = workspace;
        this.curvature = curvature;
        this.maxIterations = maxIterations;
        this.r = workspace.vector("cg residual");
        this.d = workspace.vector("cg direction");
        this.ad = workspace.vector("cg curvature·direction");
    }

    /**
     * Runs CG on {@code (C(x) + λI)p = −g} from the {@code p} passed in, which holds the final
     * iterate afterwards.
     */
    Solution solve(Tensor x, Tensor g, double lambda, Tensor p) {
        Backend b = backend;
        double gNorm = b.vectorOps().norm2(g);
        double unitRoundoff = p.dtype() == DType.FLOAT32 ? 0x1p-24 : 0x1p-53;
        double residualFloor = Math.sqrt(unitRoundoff) * gNorm;
        double model = 0;
        if (b.vectorOps().norm2(p) > 0) {
            applyDamped(x, p, lambda, ad);
            b.vectorOps().copy(g, r); // r = −g − A·p
            b.vectorOps().axpy(1, ad, r);
            b.vectorOps().scale(-1, r);
            model = 0.5 * (b.vectorOps().dot(g, p) - b.vectorOps().dot(r, p));
        }
        if (!(model < 0)) { // the warm start is no better than p = 0
            b.vectorOps().fill(p, 0);
            b.vectorOps().copy(g, r);
            b.vectorOps().scale(-1, r);
            model = 0;
        }
        b.vectorOps().copy(r, d);
        double rr = b.vectorOps().dot(r, r);
        List<Double> models = new ArrayList<>();
        models.add(model);
        List<Candidate> kept = new ArrayList<>();
        int nextKeep = 1;
        int keepExponent = 0;
        String stoppedBy = "the iteration limit " + maxIterations;
        int i = 0;
        while (i < maxIterations) {
            if (Math.sqrt(rr) <= residualFloor) {
                stoppedBy = "a residual at rounding level";
                break;
            }
            applyDamped(x, d, lambda, ad);
            double dad = b.vectorOps().dot(d, ad);
            if (!(dad > 0)) {
                stoppedBy = "non-positive curvature dᵀAd = " + Run.fmt(dad);
                if (i == 0) { // nothing learnt yet: step along d = r, φ(p + d) = φ(p) − rᵀr + ½dᵀAd
                    b.vectorOps().axpy(1, d, p);
                    model = model - rr + 0.5 * dad;
                    models.add(model);
                    i = 1;
                }
                break;
            }
            double alpha = rr / dad;
            b.vectorOps().axpy(alpha, d, p);
            b.vectorOps().axpy(-alpha, ad, r);
            double rrNext = b.vectorOps().dot(r, r);
            b.vectorOps().scale(rrNext / rr, d);
            b.vectorOps().axpy(1, r, d);
            rr = rrNext;
            i++;
            model = 0.5 * (b.vectorOps().dot(g, p) - b.vectorOps().dot(r, p));
            models.add(model);
            if (i == nextKeep) {
                kept.add(keep(kept.size(), i, p, model));
                while (nextKeep <= i) {
                    keepExponent++;
                    nextKeep = (int) Math.ceil(Math.pow(KEEP_GROWTH, keepExponent));
                }
            }
            int k = Math.max(10, (int) Math.ceil(0.1 * i));
            if (i > k && model < 0 && (model - models.get(i - k)) / model < k * PROGRESS_TOLERANCE) {
                stoppedBy = "relative progress below " + PROGRESS_TOLERANCE + " per iteration over the last " + k;
                break;
            }
        }
        if (kept.isEmpty() || kept.getLast().iteration() != i) {
            kept.add(keep(kept.size(), i, p, model));
        }
        return new Solution(kept, stoppedBy, models);
    }

    /** {@code out ← (C(x) + λI)·v}. */
    private void applyDamped(Tensor x, Tensor v, double lambda, Tensor out) {
        curvature.apply(x, v, out);
        backend.vectorOps().axpy(lambda, v, out);
    }

    private Candidate keep(int index, int iteration, Tensor p, double model) {
        if (index == pool.size()) {
            pool.add(workspace.vector("cg iterate " + index));
        }
        Tensor copy = pool.get(index);
        backend.vectorOps().copy(p, copy);
        double squared = backend.vectorOps().dot(p, p);
        return new Candidate(iteration, copy, model, squared);
    }
}
