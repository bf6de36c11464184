// The reductions (dot, norm2, maxAbs, hasNonFinite of dev.descent.backend.VectorOps), deterministic:
// two passes, no atomics. Pass 1 runs a grid that depends on the element count only (ReductionPlan on
// the Java side: at most 1024 blocks of 256 threads, whatever the GPU); each thread folds its elements
// in a fixed order into a double, each block folds its threads' values by a fixed tree in shared
// memory and writes one partial. Pass 2, one block, folds the partials the same way. The same tensor
// therefore always gives the same bits, on any GPU.
//
// Sums accumulate in double: a float32 product widened to double is exact, so only the additions
// round (ReductionPlan.roundingDepth bounds how many each term meets). maxAbs and the non-finite test
// are exact in any order.
#include "elementwise.cuh"

// A named namespace, not an anonymous one: nvcc names anonymous-namespace symbols after a hash of
// the file's path, which would make the fatbin depend on where the repository was cloned.
namespace reductions_detail {

using descent::for_each_element;
using descent::kBlock;
using descent::Wide;

struct Sum {
    __host__ __device__ __forceinline__ double operator()(double a, double b) const { return a + b; }
};

// Java's Math.max: keeps a NaN (maxAbs) and is exact; also folds the 0/1 flags of the non-finite test.
struct Max {
    __host__ __device__ __forceinline__ double operator()(double a, double b) const { return descent::java_max(a, b); }
};

// Folds the block's values by a fixed tree (the pairs at distance 128, 64, ..., 1) and thread 0 stores
// the result in *out. Needs blockDim.x == kBlock.
template <class Combine>
__device__ __forceinline__ void block_fold(double value, double* out, const Combine& combine) {
    __shared__ double folded[kBlock];
    folded[threadIdx.x] = value;
    __syncthreads();
    for (unsigned stride = kBlock / 2; stride > 0; stride >>= 1) {
        if (threadIdx.x < stride) {
            folded[threadIdx.x] = combine(folded[threadIdx.x], folded[threadIdx.x + stride]);
        }
        __syncthreads();
    }
    if (threadIdx.x == 0) {
        *out = folded[0];
    }
}

template <class T>
__device__ __forceinline__ void dot_partials(const T* a, const T* b, long long n, int vectorized, double* partials) {
    typedef typename Wide<T>::type V;
    double sum = 0.0;
    for_each_element<T>(n, vectorized,
            [&](long long j) {
                V av = reinterpret_cast<const V*>(a)[j];
                V bv = reinterpret_cast<const V*>(b)[j];
                const T* as = reinterpret_cast<const T*>(&av);
                const T* bs = reinterpret_cast<const T*>(&bv);
#pragma unroll
                for (int k = 0; k < Wide<T>::lanes; k++) {
                    sum = sum + static_cast<double>(as[k]) * static_cast<double>(bs[k]);
                }
            },
            [&](long long i) { sum = sum + static_cast<double>(a[i]) * static_cast<double>(b[i]); });
    block_fold(sum, partials + blockIdx.x, Sum());
}

template <class T>
__device__ __forceinline__ void max_abs_partials(const T* x, long long n, int vectorized, double* partials) {
    typedef typename Wide<T>::type V;
    double max = 0.0;
    for_each_element<T>(n, vectorized,
            [&](long long j) {
                V xv = reinterpret_cast<const V*>(x)[j];
                const T* xs = reinterpret_cast<const T*>(&xv);
#pragma unroll
                for (int k = 0; k < Wide<T>::lanes; k++) {
                    max = descent::java_max(max, descent::java_abs(static_cast<double>(xs[k])));
                }
            },
            [&](long long i) { max = descent::java_max(max, descent::java_abs(static_cast<double>(x[i]))); });
    block_fold(max, partials + blockIdx.x, Max());
}

template <class T>
__device__ __forceinline__ void non_finite_partials(const T* x, long long n, int vectorized, double* partials) {
    typedef typename Wide<T>::type V;
    double found = 0.0;
    for_each_element<T>(n, vectorized,
            [&](long long j) {
                V xv = reinterpret_cast<const V*>(x)[j];
                const T* xs = reinterpret_cast<const T*>(&xv);
#pragma unroll
                for (int k = 0; k < Wide<T>::lanes; k++) {
                    if (!descent::is_finite(xs[k])) {
                        found = 1.0;
                    }
                }
            },
            [&](long long i) {
                if (!descent::is_finite(x[i])) {
                    found = 1.0;
                }
            });
    block_fold(found, partials + blockIdx.x, Max());
}

// Pass 2: one block folds `count` partials, thread t taking t, t + kBlock, ... in order.
template <class Combine>
__device__ __forceinline__ void fold_partials(const double* partials, int count, double* result, const Combine& combine) {
    double value = 0.0;
    for (int k = static_cast<int>(threadIdx.x); k < count; k += static_cast<int>(blockDim.x)) {
        value = combine(value, partials[k]);
    }
    block_fold(value, result, combine);
}

}  // namespace reductions_detail

using namespace reductions_detail;

#define DESCENT_REDUCTION_KERNEL(name) extern "C" __global__ void __launch_bounds__(descent::kBlock) name

DESCENT_REDUCTION_KERNEL(dot_f32)(const float* a, const float* b, long long n, int vectorized, double* partials) {
    dot_partials(a, b, n, vectorized, partials);
}

DESCENT_REDUCTION_KERNEL(dot_f64)(const double* a, const double* b, long long n, int vectorized, double* partials) {
    dot_partials(a, b, n, vectorized, partials);
}

DESCENT_REDUCTION_KERNEL(max_abs_f32)(const float* x, long long n, int vectorized, double* partials) {
    max_abs_partials(x, n, vectorized, partials);
}

DESCENT_REDUCTION_KERNEL(max_abs_f64)(const double* x, long long n, int vectorized, double* partials) {
    max_abs_partials(x, n, vectorized, partials);
}

DESCENT_REDUCTION_KERNEL(non_finite_f32)(const float* x, long long n, int vectorized, double* partials) {
    non_finite_partials(x, n, vectorized, partials);
}

DESCENT_REDUCTION_KERNEL(non_finite_f64)(const double* x, long long n, int vectorized, double* partials) {
    non_finite_partials(x, n, vectorized, partials);
}

DESCENT_REDUCTION_KERNEL(sum_partials)(const double* partials, int count, double* result) {
    fold_partials(partials, count, result, Sum());
}

DESCENT_REDUCTION_KERNEL(max_partials)(const double* partials, int count, double* result) {
    fold_partials(partials, count, result, Max());
}
