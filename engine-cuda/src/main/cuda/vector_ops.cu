// The elementwise vector operations (dev.descent.backend.VectorOps), the twins of
// dev.descent.reference.ReferenceVectorOps: float32 tensors compute in float with the scalar rounded
// once on the host, float64 tensors in double; a*x + y is a multiply and an add (no FMA).
//
// linear_combination is the twin of ReferenceVectorOps.linearCombination: each element in double, the
// terms in order, rounded once; its tensors and coefficients come in a small device array
// (operand_table.cuh), so one launch combines any number of tensors.
//
// Each kernel runs grid-stride over the tensor; when `vectorized` (every address 16-byte aligned,
// decided on the host) it moves float4 or double2 and the threads 0.. of the grid take the last
// size % 4 (or size % 2) elements one at a time.
#include "elementwise.cuh"
#include "operand_table.cuh"

// A named namespace, not an anonymous one: see reductions.cu.
namespace vector_ops_detail {

using descent::for_each_element;
using descent::map_elements;
using descent::Wide;

template <class T>
__host__ __device__ __forceinline__ void axpy(T alpha, const T* x, T* y, long long n, int vectorized) {
    map_elements(x, y, y, n, vectorized, [alpha](T xi, T yi) { return alpha * xi + yi; });
}

template <class T>
__host__ __device__ __forceinline__ void scale(T alpha, T* x, long long n, int vectorized) {
    map_elements(x, x, n, vectorized, [alpha](T xi) { return alpha * xi; });
}

template <class T>
__host__ __device__ __forceinline__ void fill(T value, T* x, long long n, int vectorized) {
    typedef typename Wide<T>::type V;
    for_each_element<T>(n, vectorized,
            [&](long long j) {
                V xv;
                T* xs = reinterpret_cast<T*>(&xv);
#pragma unroll
                for (int k = 0; k < Wide<T>::lanes; k++) {
                    xs[k] = value;
                }
                reinterpret_cast<V*>(x)[j] = xv;
            },
            [&](long long i) { x[i] = value; });
}

struct Multiply {
    template <class T> __host__ __device__ __forceinline__ T operator()(T a, T b) const { return a * b; }
};

struct Divide {
    template <class T> __host__ __device__ __forceinline__ T operator()(T a, T b) const { return a / b; }
};

// out = Σ_q c_q·v_q elementwise: each element in double, the terms in order from c_0·v_0, rounded once
// to T (ReferenceVectorOps.linearCombination). out may be one of the v_q: every term of an element
// (of a whole vector of elements on the vectorized path) is read before the element is written.
template <class T>
__host__ __device__ __forceinline__ void linear_combination(const descent::Term* terms, int count, T* out, long long n,
        int vectorized) {
    typedef typename Wide<T>::type V;
    for_each_element<T>(n, vectorized,
            [&](long long j) {
                double sums[Wide<T>::lanes];
                descent::sum_terms<T>(terms, count, sums, [j](const descent::Term& term, T (&values)[Wide<T>::lanes]) {
                    const V v = reinterpret_cast<const V*>(term.address)[j];
                    const T* vs = reinterpret_cast<const T*>(&v);
#pragma unroll
                    for (int k = 0; k < Wide<T>::lanes; k++) {
                        values[k] = vs[k];
                    }
                });
                V ov;
                T* os = reinterpret_cast<T*>(&ov);
#pragma unroll
                for (int k = 0; k < Wide<T>::lanes; k++) {
                    os[k] = static_cast<T>(sums[k]);
                }
                reinterpret_cast<V*>(out)[j] = ov;
            },
            [&](long long i) {
                double sum[1];
                descent::sum_terms<T>(terms, count, sum, [i](const descent::Term& term, T (&value)[1]) {
                    value[0] = reinterpret_cast<const T*>(term.address)[i];
                });
                out[i] = static_cast<T>(sum[0]);
            });
}

}  // namespace vector_ops_detail

using namespace vector_ops_detail;

DESCENT_KERNEL(axpy_f32)(float alpha, const float* x, float* y, long long n, int vectorized) {
    axpy(alpha, x, y, n, vectorized);
}

DESCENT_KERNEL(axpy_f64)(double alpha, const double* x, double* y, long long n, int vectorized) {
    axpy(alpha, x, y, n, vectorized);
}

DESCENT_KERNEL(scale_f32)(float alpha, float* x, long long n, int vectorized) {
    scale(alpha, x, n, vectorized);
}

DESCENT_KERNEL(scale_f64)(double alpha, double* x, long long n, int vectorized) {
    scale(alpha, x, n, vectorized);
}

// float32 tensors are filled with cuMemsetD32 (the value's bits); float64 needs 8-byte words.
DESCENT_KERNEL(fill_f64)(double value, double* x, long long n, int vectorized) {
    fill(value, x, n, vectorized);
}

DESCENT_KERNEL(multiply_f32)(const float* a, const float* b, float* out, long long n, int vectorized) {
    map_elements(a, b, out, n, vectorized, Multiply());
}

DESCENT_KERNEL(multiply_f64)(const double* a, const double* b, double* out, long long n, int vectorized) {
    map_elements(a, b, out, n, vectorized, Multiply());
}

DESCENT_KERNEL(divide_f32)(const float* a, const float* b, float* out, long long n, int vectorized) {
    map_elements(a, b, out, n, vectorized, Divide());
}

DESCENT_KERNEL(divide_f64)(const double* a, const double* b, double* out, long long n, int vectorized) {
    map_elements(a, b, out, n, vectorized, Divide());
}

DESCENT_KERNEL(linear_combination_f32)(const descent::Term* terms, int count, float* out, long long n, int vectorized) {
    linear_combination(terms, count, out, n, vectorized);
}

DESCENT_KERNEL(linear_combination_f64)(const descent::Term* terms, int count, double* out, long long n, int vectorized) {
    linear_combination(terms, count, out, n, vectorized);
}
