package dev.descent.reference;

import dev.descent.cpu.CpuTensor;
import dev.descent.kernel.RosenbrockCurvature;

/**
 * The extended Rosenbrock function, pair by pair (Moré, Garbow &amp; Hillstrom 1981, problem 21):
 * with {@code a = x_{2i}}, {@code b = x_{2i+1}}, {@code f = Σ 100(b − a²)² + (1 − a)²}. Computed in
 * double, each output rounded once.
 */
final class RosenbrockKernel {
    private RosenbrockKernel() {
    }

    /** {@code f(x)}, and {@code ∂f/∂a = −400a(b − a²) − 2(1 − a)}, {@code ∂f/∂b = 200(b − a²)}. */
    static double valueAndGradient(CpuTensor x, CpuTensor g) {
        double f = 0;
        for (long i = 0, n = x.size(); i < n; i += 2) {
            double a = x.get(i);
            double b = x.get(i + 1);
            double t = b - a * a;
            double u = 1 - a;
            f += 100 * t * t + u * u;
            g.set(i, -400 * a * t - 2 * u);
            g.set(i + 1, 200 * t);
        }
        return f;
    }

    /**
     * Per pair {@code H = [[1200a² − 400b + 2, −400a], [−400a, 200]]} or
     * {@code G = 2JᵀJ = [[800a² + 2, −400a], [−400a, 200]]} times {@code v}.
     */
    static void curvatureVector(RosenbrockCurvature curvature, CpuTensor x, CpuTensor v, CpuTensor out) {
        boolean hessian = curvature == RosenbrockCurvature.HESSIAN;
        for (long i = 0, n = x.size(); i < n; i += 2) {
            double a = x.get(i);
            double b = x.get(i + 1);
            double va = v.get(i);
            double vb = v.get(i + 1);
            double haa = hessian ? 1200 * a * a - 400 * b + 2 : 800 * a * a + 2;
            out.set(i, haa * va - 400 * a * vb);
            out.set(i + 1, -400 * a * va + 200 * vb);
        }
    }

    /** Per pair {@code diag(2JᵀJ) = (800a² + 2, 200)}. */
    static void gaussNewtonDiagonal(CpuTensor x, CpuTensor out) {
        for (long i = 0, n = x.size(); i < n; i += 2) {
            double a = x.get(i);
            out.set(i, 800 * a * a + 2);
            out.set(i + 1, 200);
        }
    }
}
