// descent.cuh: what every Descent kernel shares. Java's float semantics where CUDA's differ, and the
// launch constants the Java side (dev.descent.cuda.LaunchGeometry) launches with.
//
// Every function here is __host__ __device__ so that the kernels also compile as plain C++ for the
// host emulator of the tests (src/test/cuda/emulator.cpp), which runs them against the Java reference.
// Bit manipulation replaces CUDA's math intrinsics (isfinite, fabsf, copysignf, fmaxf) because it
// means the same on both sides; only the square root needs the intrinsic, and it is IEEE's on both.
#pragma once

#ifdef __CUDA_ARCH__
#define DESCENT_DEVICE_PASS 1
#else
#include <math.h>
#include <string.h>
#endif

namespace descent {

// Threads per block of every kernel (LaunchGeometry.BLOCK on the Java side).
constexpr int kBlock = 256;

// Threads per warp: the matrix-vector product gives each row one warp's worth of threads.
constexpr int kWarp = 32;

__host__ __device__ __forceinline__ unsigned int float_bits(float x) {
#ifdef DESCENT_DEVICE_PASS
    return __float_as_uint(x);
#else
    unsigned int b;
    memcpy(&b, &x, sizeof b);
    return b;
#endif
}

__host__ __device__ __forceinline__ float bits_float(unsigned int b) {
#ifdef DESCENT_DEVICE_PASS
    return __uint_as_float(b);
#else
    float x;
    memcpy(&x, &b, sizeof x);
    return x;
#endif
}

__host__ __device__ __forceinline__ unsigned long long double_bits(double x) {
#ifdef DESCENT_DEVICE_PASS
    return static_cast<unsigned long long>(__double_as_longlong(x));
#else
    unsigned long long b;
    memcpy(&b, &x, sizeof b);
    return b;
#endif
}

__host__ __device__ __forceinline__ double bits_double(unsigned long long b) {
#ifdef DESCENT_DEVICE_PASS
    return __longlong_as_double(static_cast<long long>(b));
#else
    double x;
    memcpy(&x, &b, sizeof x);
    return x;
#endif
}

// sqrt rounded to nearest, as (float) Math.sqrt((double) x) in Java: the double root rounded to float
// is the correctly rounded float root (53 >= 2*24 + 2 bits, so the double rounding is innocuous).
__host__ __device__ __forceinline__ float sqrt_rn(float x) {
#ifdef DESCENT_DEVICE_PASS
    return __fsqrt_rn(x);
#else
    return sqrtf(x);
#endif
}

__host__ __device__ __forceinline__ bool is_negative_zero(float x) {
    return float_bits(x) == 0x80000000u;
}

__host__ __device__ __forceinline__ bool is_negative_zero(double x) {
    return double_bits(x) == 0x8000000000000000ull;
}

// Java's Math.max(float, float), transcribed: NaN if either is NaN (fmaxf returns the other one), and
// +0 above -0 (fmaxf may return either).
__host__ __device__ __forceinline__ float java_max(float a, float b) {
    if (a != a) {
        return a;
    }
    if (a == 0.0f && b == 0.0f && is_negative_zero(a)) {
        return b;
    }
    return a >= b ? a : b;
}

// Java's Math.min(float, float), transcribed: NaN if either is NaN, -0 below +0.
__host__ __device__ __forceinline__ float java_min(float a, float b) {
    if (a != a) {
        return a;
    }
    if (a == 0.0f && b == 0.0f && is_negative_zero(b)) {
        return b;
    }
    return a <= b ? a : b;
}

// Java's Math.max(double, double).
__host__ __device__ __forceinline__ double java_max(double a, double b) {
    if (a != a) {
        return a;
    }
    if (a == 0.0 && b == 0.0 && is_negative_zero(a)) {
        return b;
    }
    return a >= b ? a : b;
}

// Java's Math.abs(float): the sign bit cleared (NaN stays NaN).
__host__ __device__ __forceinline__ float java_abs(float x) {
    return bits_float(float_bits(x) & 0x7fffffffu);
}

// Java's Math.abs(double).
__host__ __device__ __forceinline__ double java_abs(double x) {
    return bits_double(double_bits(x) & 0x7fffffffffffffffull);
}

// Java's Math.signum(float), torch's sign: 1 or -1 with the sign of x; ±0 and NaN unchanged.
__host__ __device__ __forceinline__ float java_signum(float x) {
    if (x == 0.0f || x != x) {
        return x;
    }
    return bits_float((float_bits(x) & 0x80000000u) | 0x3f800000u);
}

// Neither NaN nor ±Infinity: the exponent field is not all ones.
__host__ __device__ __forceinline__ bool is_finite(float x) {
    return (float_bits(x) & 0x7f800000u) != 0x7f800000u;
}

__host__ __device__ __forceinline__ bool is_finite(double x) {
    return (double_bits(x) & 0x7ff0000000000000ull) != 0x7ff0000000000000ull;
}

// Field for field the components of dev.descent.kernel.GradientClip, the second struct every optimizer
// kernel takes: each gradient element is multiplied by unscale (the loss scale's inverse, GradScaler's
// inv_scale), clamped to [-max_value, max_value] (clip_grad_value_), then multiplied by scale
// (clip_grad_norm_'s coefficient); unscale and scale are 1 and max_value +Infinity for none.
struct GradientClip {
    float scale;
    float max_value;
    float unscale;
};

// The clipped gradient (dev.descent.reference.Gradients.clipped): one float multiply, Java's min and
// max, then one float multiply, each skipped when it would change nothing.
__host__ __device__ __forceinline__ float clipped_gradient(float g, const GradientClip& clip) {
    float u = clip.unscale != 1.0f ? g * clip.unscale : g;
    float c = is_finite(clip.max_value) ? java_min(java_max(u, -clip.max_value), clip.max_value) : u;
    return clip.scale != 1.0f ? c * clip.scale : c;
}

// The gradient every torch optimizer starts from (dev.descent.reference.Gradients.effective): clipped,
// negated under maximize, then the L2 term added, d + wd*p, as a multiply and an add (no FMA).
__host__ __device__ __forceinline__ float effective_gradient(float g, float p, float weight_decay, int maximize,
        const GradientClip& clip) {
    float c = clipped_gradient(g, clip);
    float d = maximize ? -c : c;
    return weight_decay != 0.0f ? d + weight_decay * p : d;
}

}  // namespace descent

// Declares a kernel: C linkage (the Java side looks it up by name, dev.descent.cuda.Kernel), and
// launched with kBlock threads per block.
#define DESCENT_KERNEL(name) extern "C" __global__ void __launch_bounds__(descent::kBlock) name
