// The elementwise vector operations (dev.descent.backend.VectorOps), the twins of
// dev.descent.reference.ReferenceVectorOps: float32 tensors compute in float with the scalar rounded
// once on the host, float64 tensors in double; a*x + y is a multiply and an add (no FMA).
//
// Each kernel runs grid-stride over the tensor; when `vectorized` (every address 16-byte aligned,
// decided on the host) it moves float4 or double2 and the threads 0.. of the grid take the last
// size % 4 (or size % 2) elements one at a time.
#include "elementwise.cuh"

namespace {

using descent::for_each_element;
using descent::Wide;

template <class T>
__host__ __device__ __forceinline__ void axpy(T alpha, const T* x, T* y, long long n, int vectorized) {
    typedef typename Wide<T>::type V;
    for_each_element<T>(n, vectorized,
            [&](long long j) {
                V xv = reinterpret_cast<const V*>(x)[j];
                V yv = reinterpret_cast<V*>(y)[j];
                T* xs = reinterpret_cast<T*>(&xv);
                T* ys = reinterpret_cast<T*>(&yv);
#pragma unroll
                for (int k = 0; k < Wide<T>::lanes; k++) {
                    ys[k] = alpha * xs[k] + ys[k];
                }
                reinterpret_cast<V*>(y)[j] = yv;
            },
            [&](long long i) { y[i] = alpha * x[i] + y[i]; });
}

template <class T>
__host__ __device__ __forceinline__ void scale(T alpha, T* x, long long n, int vectorized) {
    typedef typename Wide<T>::type V;
    for_each_element<T>(n, vectorized,
            [&](long long j) {
                V xv = reinterpret_cast<V*>(x)[j];
                T* xs = reinterpret_cast<T*>(&xv);
#pragma unroll
                for (int k = 0; k < Wide<T>::lanes; k++) {
                    xs[k] = alpha * xs[k];
                }
                reinterpret_cast<V*>(x)[j] = xv;
            },
            [&](long long i) { x[i] = alpha * x[i]; });
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

// out = a (op) b elementwise; out may be a or b (each element is read before it is written).
template <class T, class Combine>
__host__ __device__ __forceinline__ void combine(const T* a, const T* b, T* out, long long n, int vectorized,
        const Combine& f) {
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

struct Multiply {
    template <class T> __host__ __device__ __forceinline__ T operator()(T a, T b) const { return a * b; }
};

struct Divide {
    template <class T> __host__ __device__ __forceinline__ T operator()(T a, T b) const { return a / b; }
};

}  // namespace

#define DESCENT_VECTOR_KERNEL(name) extern "C" __global__ void __launch_bounds__(descent::kBlock) name

DESCENT_VECTOR_KERNEL(axpy_f32)(float alpha, const float* x, float* y, long long n, int vectorized) {
    axpy(alpha, x, y, n, vectorized);
}

DESCENT_VECTOR_KERNEL(axpy_f64)(double alpha, const double* x, double* y, long long n, int vectorized) {
    axpy(alpha, x, y, n, vectorized);
}

DESCENT_VECTOR_KERNEL(scale_f32)(float alpha, float* x, long long n, int vectorized) {
    scale(alpha, x, n, vectorized);
}

DESCENT_VECTOR_KERNEL(scale_f64)(double alpha, double* x, long long n, int vectorized) {
    scale(alpha, x, n, vectorized);
}

// float32 tensors are filled with cuMemsetD32 (the value's bits); float64 needs 8-byte words.
DESCENT_VECTOR_KERNEL(fill_f64)(double value, double* x, long long n, int vectorized) {
    fill(value, x, n, vectorized);
}

DESCENT_VECTOR_KERNEL(multiply_f32)(const float* a, const float* b, float* out, long long n, int vectorized) {
    combine(a, b, out, n, vectorized, Multiply());
}

DESCENT_VECTOR_KERNEL(multiply_f64)(const double* a, const double* b, double* out, long long n, int vectorized) {
    combine(a, b, out, n, vectorized, Multiply());
}

DESCENT_VECTOR_KERNEL(divide_f32)(const float* a, const float* b, float* out, long long n, int vectorized) {
    combine(a, b, out, n, vectorized, Divide());
}

DESCENT_VECTOR_KERNEL(divide_f64)(const double* a, const double* b, double* out, long long n, int vectorized) {
    combine(a, b, out, n, vectorized, Divide());
}
