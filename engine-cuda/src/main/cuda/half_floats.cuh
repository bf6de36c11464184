// half_floats.cuh: float32 <-> bfloat16 / float16, the twin of dev.descent.tensor.HalfFloats, in the
// same integer arithmetic (no CUDA intrinsics, whose NaNs differ), so that every backend rounds a
// master weight to the same bits. Narrowing rounds to nearest, ties to even, as torch's
// c10/util/BFloat16.h round_to_nearest_even and c10/util/Half.h fp16_ieee_from_fp32_value; a NaN
// becomes 0x7FC0 (bfloat16) or sign | 0x7E00 (float16); widening is exact.
#pragma once

#include "descent.cuh"

namespace descent {

// The element type of a low-precision slot, as TensorTable writes it: 0 for float32 (no master).
constexpr long long kHalfNone = 0;
constexpr long long kHalfBfloat16 = 1;
constexpr long long kHalfFloat16 = 2;

__host__ __device__ __forceinline__ unsigned short to_bfloat16(float f) {
    const unsigned int bits = float_bits(f);
    if ((bits & 0x7FFFFFFFu) > 0x7F800000u) {
        return 0x7FC0;
    }
    const unsigned int rounding_bias = 0x7FFFu + ((bits >> 16) & 1u);
    return static_cast<unsigned short>((bits + rounding_bias) >> 16);
}

__host__ __device__ __forceinline__ float from_bfloat16(unsigned short h) {
    return bits_float(static_cast<unsigned int>(h) << 16);
}

__host__ __device__ __forceinline__ unsigned short to_float16(float f) {
    const unsigned int bits = float_bits(f);
    const unsigned int sign = (bits >> 16) & 0x8000u;
    const unsigned int a = bits & 0x7FFFFFFFu;
    if (a > 0x7F800000u) {
        return static_cast<unsigned short>(sign | 0x7E00u);
    }
    if (a >= 0x477FF000u) {  // 65520, half-way from 65504 (odd) to 65536: rounds to Inf
        return static_cast<unsigned short>(sign | 0x7C00u);
    }
    if (a >= 0x38800000u) {  // 2^-14 and up: a normal float16
        const unsigned int rebiased = a - 0x38000000u;
        return static_cast<unsigned short>(sign | ((rebiased + 0xFFFu + ((rebiased >> 13) & 1u)) >> 13));
    }
    const unsigned int exponent = a >> 23;
    if (exponent < 102) {  // below 2^-25: rounds to zero
        return static_cast<unsigned short>(sign);
    }
    const unsigned int significand = (a & 0x7FFFFFu) | 0x800000u;
    const unsigned int shift = 126 - exponent;  // in [14, 24]
    unsigned int quotient = significand >> shift;
    const unsigned int remainder = significand & ((1u << shift) - 1u);
    const unsigned int half = 1u << (shift - 1);
    if (remainder > half || (remainder == half && (quotient & 1u) != 0)) {
        quotient++;
    }
    return static_cast<unsigned short>(sign | quotient);
}

// Exact, as Java's Float.float16ToFloat (a NaN keeps its payload, shifted).
__host__ __device__ __forceinline__ float from_float16(unsigned short h) {
    const unsigned int sign = (static_cast<unsigned int>(h) & 0x8000u) << 16;
    const unsigned int exponent = (h >> 10) & 0x1Fu;
    const unsigned int fraction = h & 0x3FFu;
    if (exponent == 0x1F) {
        return bits_float(sign | 0x7F800000u | (fraction << 13));
    }
    if (exponent == 0) {  // zero or subnormal: fraction · 2^-24, exact in float32
        return bits_float(sign | float_bits(static_cast<float>(fraction) * 0x1p-24f));
    }
    return bits_float(sign | ((exponent + 112) << 23) | (fraction << 13));
}

// The value of a low-precision element of type `kind` (kHalfBfloat16 or kHalfFloat16).
__host__ __device__ __forceinline__ float widen_half(long long kind, unsigned short h) {
    return kind == kHalfBfloat16 ? from_bfloat16(h) : from_float16(h);
}

// `f` rounded to type `kind`.
__host__ __device__ __forceinline__ unsigned short narrow_half(long long kind, float f) {
    return kind == kHalfBfloat16 ? to_bfloat16(f) : to_float16(f);
}

}  // namespace descent
