// fdlibm.cuh: exp and log1p as Java's StrictMath computes them (fdlibm 5.3, transcribed from the
// JDK's java.lang.FdLibm.Exp and FdLibm.Log1p), in additions, multiplications, divisions and bit
// operations only. CUDA's exp and log1p are accurate to an ulp or two but not these functions: they
// would leave the GPU's results a few ulps from the emulator's (the host C library) and from Java's,
// and they contract into FMAs whatever -fmad says. These give the same bits on the GPU, in the
// emulator and in StrictMath, and are within 1 ulp of the exact value (fdlibm's error analysis).
#pragma once

#include "descent.cuh"

namespace descent {

namespace fdlibm_detail {

// The high and low 32-bit words of a double, as fdlibm's __HI and __LO.
__host__ __device__ __forceinline__ int high_word(double x) {
    return static_cast<int>(static_cast<unsigned int>(double_bits(x) >> 32));
}

__host__ __device__ __forceinline__ unsigned int low_word(double x) {
    return static_cast<unsigned int>(double_bits(x));
}

// x with its high word replaced by `high`.
__host__ __device__ __forceinline__ double with_high_word(double x, int high) {
    return bits_double((static_cast<unsigned long long>(static_cast<unsigned int>(high)) << 32)
            | (double_bits(x) & 0xffffffffull));
}

}  // namespace fdlibm_detail

// StrictMath.exp.
__host__ __device__ __forceinline__ double fdlibm_exp(double x) {
    using fdlibm_detail::high_word;
    using fdlibm_detail::low_word;
    using fdlibm_detail::with_high_word;
    const double huge = 1.0e+300;
    const double twom1000 = 0x1.0p-1000;
    const double infinity = bits_double(0x7ff0000000000000ull);
    const double o_threshold = 0x1.62e42fefa39efp9;
    const double u_threshold = -0x1.74910d52d3051p9;
    const double ln2_hi = 0x1.62e42feep-1;
    const double ln2_lo = 0x1.a39ef35793c76p-33;
    const double invln2 = 0x1.71547652b82fep0;
    const double P1 = 0x1.555555555553ep-3;
    const double P2 = -0x1.6c16c16bebd93p-9;
    const double P3 = 0x1.1566aaf25de2cp-14;
    const double P4 = -0x1.bbd41c5d26bf1p-20;
    const double P5 = 0x1.6376972bea4d0p-25;

    double hi = 0.0;
    double lo = 0.0;
    int k = 0;
    int hx = high_word(x);
    const int xsb = (hx >> 31) & 1;  // sign bit of x
    hx &= 0x7fffffff;                // high word of |x|

    if (hx >= 0x40862E42) {  // |x| >= 709.78...: not finite, or over- or underflows
        if (hx >= 0x7ff00000) {
            if (((hx & 0xfffff) | low_word(x)) != 0) {
                return x + x;  // NaN
            }
            return xsb == 0 ? x : 0.0;  // exp(±inf) = {inf, 0}
        }
        if (x > o_threshold) {
            return infinity;  // overflow (fdlibm: huge·huge, which rounds to it)
        }
        if (x < u_threshold) {
            return 0.0;  // underflow (fdlibm: twom1000·twom1000, which rounds to it)
        }
    }

    // argument reduction: x = k·ln2 + r, |r| <= 0.5·ln2
    if (hx > 0x3fd62e42) {      // |x| > 0.5 ln2
        if (hx < 0x3FF0A2B2) {  // and |x| < 1.5 ln2
            hi = x - (xsb == 0 ? ln2_hi : -ln2_hi);
            lo = xsb == 0 ? ln2_lo : -ln2_lo;
            k = 1 - xsb - xsb;
        } else {
            k = static_cast<int>(invln2 * x + (xsb == 0 ? 0.5 : -0.5));
            const double t = k;
            hi = x - t * ln2_hi;  // t·ln2_hi is exact here
            lo = t * ln2_lo;
        }
        x = hi - lo;
    } else if (hx < 0x3e300000) {  // |x| < 2^-28
        if (huge + x > 1.0) {
            return 1.0 + x;  // (raises inexact in C)
        }
    } else {
        k = 0;
    }

    // x is now in the primary range
    const double t = x * x;
    const double c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
    if (k == 0) {
        return 1.0 - ((x * c) / (c - 2.0) - x);
    }
    double y = 1.0 - ((lo - (x * c) / (2.0 - c)) - hi);
    if (k >= -1021) {
        return with_high_word(y, high_word(y) + k * (1 << 20));  // add k to y's exponent
    }
    y = with_high_word(y, high_word(y) + (k + 1000) * (1 << 20));
    return y * twom1000;
}

// StrictMath.log1p.
__host__ __device__ __forceinline__ double fdlibm_log1p(double x) {
    using fdlibm_detail::high_word;
    using fdlibm_detail::with_high_word;
    const double ln2_hi = 0x1.62e42feep-1;
    const double ln2_lo = 0x1.a39ef35793c76p-33;
    const double two54 = 0x1.0p54;
    const double Lp1 = 0x1.5555555555593p-1;
    const double Lp2 = 0x1.999999997fa04p-2;
    const double Lp3 = 0x1.2492494229359p-2;
    const double Lp4 = 0x1.c71c51d8e78afp-3;
    const double Lp5 = 0x1.7466496cb03dep-3;
    const double Lp6 = 0x1.39a09d078c69fp-3;
    const double Lp7 = 0x1.2f112df3e5244p-3;

    double f = 0.0;
    double c = 0.0;
    int hu = 0;
    const int hx = high_word(x);
    const int ax = hx & 0x7fffffff;

    int k = 1;
    if (hx < 0x3FDA827A) {        // x < 0.41422
        if (ax >= 0x3ff00000) {   // x <= -1.0
            if (x == -1.0) {
                return -bits_double(0x7ff0000000000000ull);  // log1p(-1) = -inf
            }
            return bits_double(0x7ff8000000000000ull);  // log1p(x < -1) = NaN, Java's canonical NaN
        }
        if (ax < 0x3e200000) {                   // |x| < 2^-29
            if (two54 + x > 0.0 && ax < 0x3c900000) {  // |x| < 2^-54
                return x;
            }
            return x - x * x * 0.5;
        }
        if (hx > 0 || hx <= static_cast<int>(0xbfd2bec3u)) {  // -0.2929 < x < 0.41422
            k = 0;
            f = x;
            hu = 1;
        }
    }

    if (hx >= 0x7ff00000) {  // +inf or NaN
        return x + x;
    }

    if (k != 0) {
        double u;
        if (hx < 0x43400000) {
            u = 1.0 + x;
            hu = high_word(u);
            k = (hu >> 20) - 1023;
            c = k > 0 ? 1.0 - (u - x) : x - (u - 1.0);  // correction term
            c /= u;
        } else {
            u = x;
            hu = high_word(u);
            k = (hu >> 20) - 1023;
            c = 0;
        }
        hu &= 0x000fffff;
        if (hu < 0x6a09e) {
            u = with_high_word(u, hu | 0x3ff00000);  // normalize u
        } else {
            k += 1;
            u = with_high_word(u, hu | 0x3fe00000);  // normalize u/2
            hu = (0x00100000 - hu) >> 2;
        }
        f = u - 1.0;
    }

    const double hfsq = 0.5 * f * f;
    if (hu == 0) {  // |f| < 2^-20
        if (f == 0.0) {
            if (k == 0) {
                return 0.0;
            }
            c += k * ln2_lo;
            return k * ln2_hi + c;
        }
        const double R = hfsq * (1.0 - 0.66666666666666666 * f);
        if (k == 0) {
            return f - R;
        }
        return k * ln2_hi - ((R - (k * ln2_lo + c)) - f);
    }
    const double s = f / (2.0 + f);
    const double z = s * s;
    const double R = z * (Lp1 + z * (Lp2 + z * (Lp3 + z * (Lp4 + z * (Lp5 + z * (Lp6 + z * Lp7))))));
    if (k == 0) {
        return f - (hfsq - s * (hfsq + R));
    }
    return k * ln2_hi - ((hfsq - (s * (hfsq + R) + (k * ln2_lo + c))) - f);
}

}  // namespace descent
