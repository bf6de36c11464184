// elementwise.cuh: the grid-stride loop of the vector operations and reductions. Each thread visits
// its elements in a fixed order that depends only on the launch geometry (which the Java side derives
// from the element count alone for reductions, see ReductionPlan), never on timing.
#pragma once

#include "descent.cuh"

namespace descent {

// The 16-byte vector of an element type: what one load or store moves on the vectorized path.
template <class T> struct Wide;
template <> struct Wide<float> {
    typedef float4 type;
    static constexpr int lanes = 4;
};
template <> struct Wide<double> {
    typedef double2 type;
    static constexpr int lanes = 2;
};

// Visits the elements [0, n) of the calling thread: when vectorized (every address 16-byte aligned),
// wide(j) for its full vectors j = thread, thread + threads, ... and then op(i) for its share of the
// last n % lanes elements; otherwise op(i) for i = thread, thread + threads, ...
template <class T, class WideOp, class Op>
__host__ __device__ __forceinline__ void for_each_element(long long n, int vectorized, const WideOp& wide, const Op& op) {
    const long long thread = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x;
    const long long threads = static_cast<long long>(gridDim.x) * blockDim.x;
    long long done = 0;
    if (vectorized) {
        const long long vectors = n / Wide<T>::lanes;
        for (long long j = thread; j < vectors; j += threads) {
            wide(j);
        }
        done = vectors * Wide<T>::lanes;
    }
    for (long long i = done + thread; i < n; i += threads) {
        op(i);
    }
}

}  // namespace descent
