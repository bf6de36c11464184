// The extended Rosenbrock function, pair by pair, the twin of dev.descent.reference.RosenbrockKernel:
// with a = x[2p], b = x[2p + 1], f = Σ 100(b − a²)² + (1 − a)². Each output element is computed in
// double from the widened inputs by the reference's operations in the reference's order and rounded
// once, so gradients and curvature products equal the reference's bit for bit; the value is a
// deterministic two-pass sum (reductions.cu) of the same per-pair terms.
//
// Every kernel runs grid-stride over the pairs, one pair per thread at a time: the neighbouring
// threads of a warp read neighbouring pairs.
#include "block_fold.cuh"
#include "elementwise.cuh"

// The ordinals of dev.descent.kernel.RosenbrockCurvature.
enum RosenbrockCurvatureCode { HESSIAN, GAUSS_NEWTON };

// A named namespace, not an anonymous one: see reductions.cu.
namespace rosenbrock_detail {

// The pair p of x, widened.
struct Pair {
    double a;
    double b;
};

template <class T>
__host__ __device__ __forceinline__ Pair pair_at(const T* x, long long p) {
    return Pair{static_cast<double>(x[2 * p]), static_cast<double>(x[2 * p + 1])};
}

// f's pairs into the partials, ∂f/∂a = −400a(b − a²) − 2(1 − a) and ∂f/∂b = 200(b − a²) into gradient.
template <class T>
__device__ __forceinline__ void rosenbrock(const T* x, T* gradient, long long pairs, double* partials) {
    descent::sum_into_partials(partials, [&](double& f) {
        descent::for_each_index(0, pairs, [&](long long p) {
            const Pair x_p = pair_at(x, p);
            const double a = x_p.a;
            const double t = x_p.b - a * a;
            const double u = 1 - a;
            f = f + (100 * t * t + u * u);
            gradient[2 * p] = static_cast<T>(-400 * a * t - 2 * u);
            gradient[2 * p + 1] = static_cast<T>(200 * t);
        });
    });
}

// out = C·v per pair, C = [[1200a² − 400b + 2, −400a], [−400a, 200]] (HESSIAN) or
// [[800a² + 2, −400a], [−400a, 200]] (GAUSS_NEWTON). out may be x or v: a pair is read before it is written.
template <class T>
__host__ __device__ __forceinline__ void curvature_vector(int curvature, const T* x, const T* v, T* out, long long pairs) {
    descent::for_each_index(0, pairs, [&](long long p) {
        const Pair x_p = pair_at(x, p);
        const Pair v_p = pair_at(v, p);
        const double a = x_p.a;
        const double b = x_p.b;
        const double haa = curvature == HESSIAN ? 1200 * a * a - 400 * b + 2 : 800 * a * a + 2;
        out[2 * p] = static_cast<T>(haa * v_p.a - 400 * a * v_p.b);
        out[2 * p + 1] = static_cast<T>(-400 * a * v_p.a + 200 * v_p.b);
    });
}

// out = diag(2JᵀJ) per pair: (800a² + 2, 200).
template <class T>
__host__ __device__ __forceinline__ void gauss_newton_diagonal(const T* x, T* out, long long pairs) {
    descent::for_each_index(0, pairs, [&](long long p) {
        const double a = pair_at(x, p).a;
        out[2 * p] = static_cast<T>(800 * a * a + 2);
        out[2 * p + 1] = static_cast<T>(200);
    });
}

}  // namespace rosenbrock_detail

using namespace rosenbrock_detail;

DESCENT_KERNEL(rosenbrock_f32)(const float* x, float* gradient, long long pairs, double* partials) {
    rosenbrock(x, gradient, pairs, partials);
}

DESCENT_KERNEL(rosenbrock_f64)(const double* x, double* gradient, long long pairs, double* partials) {
    rosenbrock(x, gradient, pairs, partials);
}

DESCENT_KERNEL(rosenbrock_curvature_vector_f32)(int curvature, const float* x, const float* v, float* out,
        long long pairs) {
    curvature_vector(curvature, x, v, out, pairs);
}

DESCENT_KERNEL(rosenbrock_curvature_vector_f64)(int curvature, const double* x, const double* v, double* out,
        long long pairs) {
    curvature_vector(curvature, x, v, out, pairs);
}

DESCENT_KERNEL(rosenbrock_gauss_newton_diagonal_f32)(const float* x, float* out, long long pairs) {
    gauss_newton_diagonal(x, out, pairs);
}

DESCENT_KERNEL(rosenbrock_gauss_newton_diagonal_f64)(const double* x, double* out, long long pairs) {
    gauss_newton_diagonal(x, out, pairs);
}
