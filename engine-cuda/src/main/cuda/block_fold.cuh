// block_fold.cuh: the deterministic folds of the reductions. A block's values are folded by a fixed
// tree in shared memory (the pairs at distance WIDTH/2, ..., 2, 1 within each group of WIDTH threads),
// never by atomics, so that a value depends only on the inputs and the launch geometry, which the Java
// side derives from the operands' sizes alone (ReductionPlan, MatrixVectorPlan), never from the GPU.
#pragma once

#include "descent.cuh"

namespace descent {

struct Sum {
    __host__ __device__ __forceinline__ double operator()(double a, double b) const { return a + b; }
};

// Java's Math.max: keeps a NaN (maxAbs) and is exact; also folds the 0/1 flags of the non-finite test.
struct Max {
    __host__ __device__ __forceinline__ double operator()(double a, double b) const { return java_max(a, b); }
};

// Folds the values of each group of WIDTH consecutive threads (WIDTH a power of two dividing kBlock)
// and returns the group's result to its first thread (threadIdx.x % WIDTH == 0); the other threads get
// a partial result they must not use. Every thread of the block must call it (it synchronises the
// block); each reads back only its own slot, so calls may follow one another without a barrier.
template <int WIDTH, class Combine>
__device__ __forceinline__ double fold_groups(double value, const Combine& combine) {
    static_assert(WIDTH >= 1 && WIDTH <= kBlock && kBlock % WIDTH == 0 && (WIDTH & (WIDTH - 1)) == 0,
            "groups of a power of two threads that divides the block");
    __shared__ double folded[kBlock];
    folded[threadIdx.x] = value;
    __syncthreads();
    for (unsigned stride = WIDTH / 2; stride > 0; stride >>= 1) {
        if (threadIdx.x % WIDTH < stride) {
            folded[threadIdx.x] = combine(folded[threadIdx.x], folded[threadIdx.x + stride]);
        }
        __syncthreads();
    }
    return folded[threadIdx.x];
}

// Folds the block's values (blockDim.x == kBlock) and thread 0 stores the result in *out.
template <class Combine>
__device__ __forceinline__ void block_fold(double value, double* out, const Combine& combine) {
    const double folded = fold_groups<kBlock>(value, combine);
    if (threadIdx.x == 0) {
        *out = folded;
    }
}

// Pass 1 of a sum whose terms come from an elementwise pass: `pass(sum)` adds the calling thread's
// terms to sum, in its fixed element order, and the block's total goes to partials[blockIdx.x]; pass 2
// (sum_partials, reductions.cu) adds the partials.
template <class Pass>
__device__ __forceinline__ void sum_into_partials(double* partials, const Pass& pass) {
    double sum = 0.0;
    pass(sum);
    block_fold(sum, partials + blockIdx.x, Sum());
}

}  // namespace descent
