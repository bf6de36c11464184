// The logistic loss of margins z with labels y = ±1, the twin of dev.descent.reference.LogisticLossKernel:
// ℓ = log(1 + e^t) with t = −yz, computed as max(t, 0) + log1p(e^−|t|) so that no exponential
// overflows; its derivative in z, −y·σ(t), and its second derivative σ(z)σ(−z) = e/(1 + e)² with
// e = e^−|z|. Every element in double from the widened inputs, by the reference's operations in the
// reference's order, rounded once; exp and log1p are StrictMath's (fdlibm.cuh), so residuals and
// weights equal StrictMath's results bit for bit. The loss is a deterministic two-pass sum
// (reductions.cu) of the per-element losses.
#include "block_fold.cuh"
#include "elementwise.cuh"
#include "fdlibm.cuh"

// A named namespace, not an anonymous one: see reductions.cu.
namespace logistic_loss_detail {

// The loss of margin z with label y, added to `sum`; returns the residual −y·σ(t).
__host__ __device__ __forceinline__ double loss_and_residual(double z, double y, double& sum) {
    const double t = -y * z;
    const double e = descent::fdlibm_exp(-descent::java_abs(t));  // in (0, 1]: never overflows
    sum = sum + (descent::java_max(t, 0.0) + descent::fdlibm_log1p(e));
    const double sigmoid = t >= 0 ? 1 / (1 + e) : e / (1 + e);  // σ(t)
    return -y * sigmoid;
}

// σ(|z|)·σ(−|z|) = e/(1+e)², without the cancellation of 1 − σ.
__host__ __device__ __forceinline__ double curvature(double z) {
    const double e = descent::fdlibm_exp(-descent::java_abs(z));
    const double d = 1 + e;
    return e / (d * d);
}

template <class T>
__device__ __forceinline__ void logistic_loss(const T* margins, const T* labels, T* residual, long long n, int vectorized,
        double* partials) {
    descent::sum_into_partials(partials, [&](double& sum) {
        descent::map_elements(margins, labels, residual, n, vectorized, [&sum](T z, T y) {
            return static_cast<T>(loss_and_residual(static_cast<double>(z), static_cast<double>(y), sum));
        });
    });
}

template <class T>
__host__ __device__ __forceinline__ void logistic_curvature(const T* margins, T* weights, long long n, int vectorized) {
    descent::map_elements(margins, weights, n, vectorized,
            [](T z) { return static_cast<T>(curvature(static_cast<double>(z))); });
}

}  // namespace logistic_loss_detail

using namespace logistic_loss_detail;

DESCENT_KERNEL(logistic_loss_f32)(const float* margins, const float* labels, float* residual, long long n,
        int vectorized, double* partials) {
    logistic_loss(margins, labels, residual, n, vectorized, partials);
}

DESCENT_KERNEL(logistic_loss_f64)(const double* margins, const double* labels, double* residual, long long n,
        int vectorized, double* partials) {
    logistic_loss(margins, labels, residual, n, vectorized, partials);
}

DESCENT_KERNEL(logistic_curvature_f32)(const float* margins, float* weights, long long n, int vectorized) {
    logistic_curvature(margins, weights, n, vectorized);
}

DESCENT_KERNEL(logistic_curvature_f64)(const double* margins, double* weights, long long n, int vectorized) {
    logistic_curvature(margins, weights, n, vectorized);
}
