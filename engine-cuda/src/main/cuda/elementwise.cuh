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

// Visits the indices first, first + threads, ... below n that fall to the calling thread, where
// thread is its rank in the grid and threads the grid's size: each thread's order depends only on
// the launch geometry.
template <class Op>
__host__ __device__ __forceinline__ void for_each_index(long long first, long long n, const Op& op) {
    const long long thread = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x;
    const long long threads = static_cast<long long>(gridDim.x) * blockDim.x;
    for (long long i = first + thread; i < n; i += threads) {
        op(i);
    }
}

// Visits the elements [0, n) of the calling thread: when vectorized (every address 16-byte aligned),
// wide(j) for its full vectors j = thread, thread + threads, ... and then op(i) for its share of the
// last n % lanes elements; otherwise op(i) for i = thread, thread + threads, ...
template <class T, class WideOp, class Op>
__host__ __device__ __forceinline__ void for_each_element(long long n, int vectorized, const WideOp& wide, const Op& op) {
    long long done = 0;
    if (vectorized) {
        const long long vectors = n / Wide<T>::lanes;
        for_each_index(0, vectors, wide);
        done = vectors * Wide<T>::lanes;
    }
    for_each_index(done, n, op);
}

// out[i] = f(a[i]) for every element, in the element order of for_each_element; out may be a (each
// element is read before it is written).
template <class T, class F>
__host__ __device__ __forceinline__ void map_elements(const T* a, T* out, long long n, int vectorized, const F& f) {
    typedef typename Wide<T>::type V;
    for_each_element<T>(n, vectorized,
            [&](long long j) {
                V av = reinterpret_cast<const V*>(a)[j];
                V ov;
                const T* as = reinterpret_cast<const T*>(&av);
                T* os = reinterpret_cast<T*>(&ov);
#pragma unroll
                for (int k = 0; k < Wide<T>::lanes; k++) {
                    os[k] = f(as[k]);
                }
                reinterpret_cast<V*>(out)[j] = ov;
            },
            [&](long long i) { out[i] = f(a[i]); });
}

// out[i] = f(a[i], b[i]) for every element, in the element order of for_each_element; out may be a
// or b.
template <class T, class F>
__host__ __device__ __forceinline__ void map_elements(const T* a, const T* b, T* out, long long n, int vectorized,
        const F& f) {
    typedef typename Wide<T>::type V;
    for_each_element<T>(n, vectorized,
            [&](long long j) {
                V av = reinterpret_cast<const V*>(a)[j];
                V bv = reinterpret_cast<const V*>(b)[j];
                V ov;
                const T* as = reinterpret_cast<const T*>(&av);
                const T* bs = reinterpret_cast<const T*>(&bv);
                T* os = reinterpret_cast<T*>(&ov);
#pragma unroll
                for (int k = 0; k < Wide<T>::lanes; k++) {
                    os[k] = f(as[k], bs[k]);
                }
                reinterpret_cast<V*>(out)[j] = ov;
            },
            [&](long long i) { out[i] = f(a[i], b[i]); });
}

}  // namespace descent
