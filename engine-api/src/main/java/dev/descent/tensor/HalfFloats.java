package dev.descent.tensor;

/**
 * The conversions between float32 and the two 16-bit types, shared by every backend (the CUDA
 * kernels' {@code half_floats.cuh} is the same arithmetic, held to this class by the agreement tests).
 *
 * <p>Narrowing rounds to nearest, ties to even, as torch does: c10/util/BFloat16.h
 * {@code round_to_nearest_even} for bfloat16 and c10/util/Half.h {@code fp16_ieee_from_fp32_value}
 * for float16. Both give ±0 for ±0, ±Inf for ±Inf and for every value that rounds past the largest
 * finite value (bfloat16 3.3895e38, float16 65504), subnormals of the 16-bit type where they fall, and
 * one quiet NaN for every NaN: {@code 0x7FC0} for bfloat16 (as torch, whatever the sign) and
 * {@code 0x7E00} with the NaN's sign for float16 (as torch). Widening is exact.
 */
public final class HalfFloats {
    private HalfFloats() {
    }

    /** The bfloat16 quiet NaN that every float NaN narrows to. */
    public static final short BFLOAT16_NAN = 0x7FC0;

    /** The float16 quiet NaN (positive) that a NaN narrows to, with the NaN's sign bit. */
    public static final short FLOAT16_NAN = 0x7E00;

    /** {@code f} rounded to the nearest bfloat16 (ties to even), as its 16 bits. */
    public static short toBfloat16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if ((bits & 0x7FFF_FFFF) > 0x7F80_0000) {
            return BFLOAT16_NAN;
        }
        int roundingBias = 0x7FFF + (bits >>> 16 & 1);
        return (short) ((bits + roundingBias) >>> 16);
    }

    /** The bfloat16 with bits {@code h}, exactly. */
    public static float fromBfloat16(short h) {
        return Float.intBitsToFloat((h & 0xFFFF) << 16);
    }

    /** {@code f} rounded to the nearest float16 (ties to even), as its 16 bits. */
    public static short toFloat16(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = bits >>> 16 & 0x8000;
        int a = bits & 0x7FFF_FFFF;
        if (a > 0x7F80_0000) {
            return (short) (sign | FLOAT16_NAN);
        }
        if (a >= 0x477F_F000) { // 65520, half-way from 65504 (odd) to 65536: rounds to Inf
            return (short) (sign | 0x7C00);
        }
        if (a >= 0x3880_0000) { // 2^-14 and up: a normal float16
            int rebiased = a - 0x3800_0000; // exponent bias 127 → 15
            return (short) (sign | (rebiased + 0xFFF + (rebiased >>> 13 & 1)) >>> 13);
        }
        int exponent = a >>> 23;
        if (exponent < 102) { // below 2^-25, half the smallest subnormal: rounds to zero
            return (short) sign;
        }
        int significand = a & 0x7F_FFFF | 0x80_0000;
        int shift = 126 - exponent; // the value in units of 2^-24 is significand >> shift; shift in [14, 24]
        int quotient = significand >>> shift;
        int remainder = significand & (1 << shift) - 1;
        int half = 1 << shift - 1;
        if (remainder > half || remainder == half && (quotient & 1) != 0) {
            quotient++; // may carry into the smallest normal, 0x0400, which is its encoding
        }
        return (short) (sign | quotient);
    }

    /** The float16 with bits {@code h}, exactly. */
    public static float fromFloat16(short h) {
        return Float.float16ToFloat(h);
    }

    /** {@code f} rounded to {@code dtype}, one of the 16-bit types, as its bits. */
    public static short narrow(DType dtype, float f) {
        return switch (dtype) {
            case BFLOAT16 -> toBfloat16(f);
            case FLOAT16 -> toFloat16(f);
            default -> throw new IllegalArgumentException(dtype.label() + " is not a 16-bit type");
        };
    }

    /** The value of the {@code dtype} (one of the 16-bit types) with bits {@code h}, exactly. */
    public static float widen(DType dtype, short h) {
        return switch (dtype) {
            case BFLOAT16 -> fromBfloat16(h);
            case FLOAT16 -> fromFloat16(h);
            default -> throw new IllegalArgumentException(dtype.label() + " is not a 16-bit type");
        };
    }
}
