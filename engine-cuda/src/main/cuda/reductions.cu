// The reductions (dot, norm2, maxAbs, hasNonFinite and dots of dev.descent.backend.VectorOps),
// deterministic: two passes, no atomics. Pass 1 runs a grid that depends on the element count only
// (ReductionPlan on the Java side: at most 1024 blocks of 256 threads, whatever the GPU); each thread
// folds its elements in a fixed order into a double, each block folds its threads' values by a fixed
// tree in shared memory (block_fold.cuh) and writes one partial. Pass 2, one block per result, folds
// the partials the same way. The same tensors therefore always give the same bits, on any GPU.
//
// Sums accumulate in double: a float32 product widened to double is exact, so only the additions
// round (ReductionPlan.roundingDepth bounds how many each term meets). maxAbs and the non-finite test
// are exact in any order.
//
// dots computes up to kMaxDots dot products in one pass over their tensors, each exactly as dot
// computes it (the same code, the same order), so dots(a, b) and dot(a, b) give the same bits.
#include "block_fold.cuh"
#include "elementwise.cuh"
#include "operand_table.cuh"

// A named namespace, not an anonymous one: nvcc names anonymous-namespace symbols after a hash of
// the file's path, which would make the fatbin depend on where the repository was cloned.
namespace reductions_detail {

using descent::block_fold;
using descent::for_each_element;
using descent::Max;
using descent::Sum;
using descent::Wide;

// The most dot products of one dots launch (DotPairs.MAX_PER_LAUNCH on the Java side): each needs a
// running sum and two pointers in registers.
constexpr int kMaxDots = 16;

// The partial sums of `count` (<= PAIRS) dot products a[p]·b[p] of n elements each: every thread adds
// its elements' products, element after element and within an element product after product, then
// partials[p * gridDim.x + blockIdx.x] = the block's sum of product p. PAIRS is a compile-time bound
// so that the sums and pointers live in registers.
template <class T, int PAIRS>
__device__ __forceinline__ void dot_partials(const T* const (&a)[PAIRS], const T* const (&b)[PAIRS], int count,
        long long n, int vectorized, double* partials) {
    typedef typename Wide<T>::type V;
    double sum[PAIRS];
#pragma unroll
    for (int p = 0; p < PAIRS; p++) {
        sum[p] = 0.0;
    }
    for_each_element<T>(n, vectorized,
            [&](long long j) {
#pragma unroll
                for (int p = 0; p < PAIRS; p++) {
                    if (p < count) {
                        const V av = reinterpret_cast<const V*>(a[p])[j];
                        const V bv = reinterpret_cast<const V*>(b[p])[j];
                        const T* as = reinterpret_cast<const T*>(&av);
                        const T* bs = reinterpret_cast<const T*>(&bv);
#pragma unroll
                        for (int k = 0; k < Wide<T>::lanes; k++) {
                            sum[p] = sum[p] + static_cast<double>(as[k]) * static_cast<double>(bs[k]);
                        }
                    }
                }
            },
            [&](long long i) {
#pragma unroll
                for (int p = 0; p < PAIRS; p++) {
                    if (p < count) {
                        sum[p] = sum[p] + static_cast<double>(a[p][i]) * static_cast<double>(b[p][i]);
                    }
                }
            });
#pragma unroll
    for (int p = 0; p < PAIRS; p++) {
        if (p < count) {  // the same for every thread of the block: block_fold's barriers are reached by all
            block_fold(sum[p], partials + static_cast<long long>(p) * gridDim.x + blockIdx.x, Sum());
        }
    }
}

template <class T>
__device__ __forceinline__ void dot_partials(const T* a, const T* b, long long n, int vectorized, double* partials) {
    const T* const as[1] = {a};
    const T* const bs[1] = {b};
    dot_partials<T, 1>(as, bs, 1, n, vectorized, partials);
}

// dots: the tensors of product p are pairs[p] (count <= kMaxDots).
template <class T>
__device__ __forceinline__ void dots_partials(const descent::DotPair* pairs, int count, long long n, int vectorized,
        double* partials) {
    const T* a[kMaxDots];
    const T* b[kMaxDots];
#pragma unroll
    for (int p = 0; p < kMaxDots; p++) {
        const descent::DotPair pair = p < count ? pairs[p] : descent::DotPair{0, 0};
        a[p] = reinterpret_cast<const T*>(pair.a);
        b[p] = reinterpret_cast<const T*>(pair.b);
    }
    dot_partials<T, kMaxDots>(a, b, count, n, vectorized, partials);
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

// Pass 2: block r folds row r of the partials (`count` values from partials + r * count) into
// result[r], thread t taking t, t + kBlock, ... in order. A single reduction is one block, one row.
template <class Combine>
__device__ __forceinline__ void fold_partials(const double* partials, int count, double* result, const Combine& combine) {
    const double* row = partials + static_cast<long long>(blockIdx.x) * count;
    double value = 0.0;
    for (int k = static_cast<int>(threadIdx.x); k < count; k += static_cast<int>(blockDim.x)) {
        value = combine(value, row[k]);
    }
    block_fold(value, result + blockIdx.x, combine);
}

}  // namespace reductions_detail

using namespace reductions_detail;

DESCENT_KERNEL(dot_f32)(const float* a, const float* b, long long n, int vectorized, double* partials) {
    dot_partials(a, b, n, vectorized, partials);
}

DESCENT_KERNEL(dot_f64)(const double* a, const double* b, long long n, int vectorized, double* partials) {
    dot_partials(a, b, n, vectorized, partials);
}

DESCENT_KERNEL(dots_f32)(const descent::DotPair* pairs, int count, long long n, int vectorized, double* partials) {
    dots_partials<float>(pairs, count, n, vectorized, partials);
}

DESCENT_KERNEL(dots_f64)(const descent::DotPair* pairs, int count, long long n, int vectorized, double* partials) {
    dots_partials<double>(pairs, count, n, vectorized, partials);
}

DESCENT_KERNEL(max_abs_f32)(const float* x, long long n, int vectorized, double* partials) {
    max_abs_partials(x, n, vectorized, partials);
}

DESCENT_KERNEL(max_abs_f64)(const double* x, long long n, int vectorized, double* partials) {
    max_abs_partials(x, n, vectorized, partials);
}

DESCENT_KERNEL(non_finite_f32)(const float* x, long long n, int vectorized, double* partials) {
    non_finite_partials(x, n, vectorized, partials);
}

DESCENT_KERNEL(non_finite_f64)(const double* x, long long n, int vectorized, double* partials) {
    non_finite_partials(x, n, vectorized, partials);
}

DESCENT_KERNEL(sum_partials)(const double* partials, int count, double* result) {
    fold_partials(partials, count, result, Sum());
}

DESCENT_KERNEL(max_partials)(const double* partials, int count, double* result) {
    fold_partials(partials, count, result, Max());
}
