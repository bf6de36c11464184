package dev.descent.objective;

import dev.descent.backend.Backend;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;

/**
 * Hessian-vector products from gradients alone, for objectives without an exact product:
 * {@code Hv ≈ (∇f(x + εv) − ∇f(x − εv)) / 2ε} (the centred form of Nocedal &amp; Wright, 2nd ed., eq. 8.20).
 * All vector work runs on the tensors' backend.
 */
public final class FiniteDifferenceCurvature {
    private FiniteDifferenceCurvature() {
    }

    /**
     * {@code out ← (∇f(x + εv) − ∇f(x − εv)) / 2ε} with {@code ε = u^(1/3)·(1 + ‖x‖₂)/‖v‖₂}, the step
     * that balances truncation ({@code O(ε²)}) and rounding ({@code O(u/ε)}) for unit roundoff
     * {@code u} of the dtype. Costs two gradient evaluations; {@code v = 0} gives 0 without any.
     */
    public static void hessianVector(Objective f, Tensor x, Tensor v, Tensor out) {
        Backend b = x.backend();
        double vNorm = b.vectorOps().norm2(v);
        if (vNorm == 0) {
            b.vectorOps().fill(out, 0);
            return;
        }
        double u = x.dtype() == DType.FLOAT32 ? 0x1p-24 : 0x1p-53;
        double eps = Math.cbrt(u) * (1 + b.vectorOps().norm2(x)) / vNorm;
        try (Tensor shifted = b.allocate("fd.x", x.dtype(), x.shape());
                Tensor gMinus = b.allocate("fd.gradient", x.dtype(), x.shape())) {
            b.vectorOps().copy(x, shifted);
            b.vectorOps().axpy(eps, v, shifted);
            f.valueAndGradient(shifted, out);
            b.vectorOps().copy(x, shifted);
            b.vectorOps().axpy(-eps, v, shifted);
            f.valueAndGradient(shifted, gMinus);
            b.vectorOps().axpy(-1, gMinus, out);
            b.vectorOps().scale(1 / (2 * eps), out);
        }
    }
}
