package dev.descent.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Copies between Java arrays and a tensor's memory (its dtype, native byte order), converting each
 * value: float64 to float32 and float32 to a 16-bit type round to nearest even ({@link HalfFloats}; a
 * float64 going to a 16-bit type is rounded to float32 first, as torch's {@code c10::BFloat16(float)}
 * and {@code c10::Half(float)} constructors take it), widening is exact. Every backend's copies in and
 * out go through here, the CPU tensors' straight into their memory, the CUDA tensors' into a staging
 * chunk.
 */
public final class ElementCopies {
    private ElementCopies() {
    }

    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    private static final ValueLayout.OfShort F16 = ValueLayout.JAVA_SHORT_UNALIGNED;

    /** Stores {@code source[from … from + count − 1]} as elements {@code at …} of {@code target}, of {@code dtype}. */
    public static void store(float[] source, int from, MemorySegment target, DType dtype, long at, int count) {
        switch (dtype) {
            case FLOAT32 -> MemorySegment.copy(source, from, target, F32, at * Float.BYTES, count);
            case FLOAT64 -> {
                for (int k = 0; k < count; k++) {
                    target.setAtIndex(F64, at + k, source[from + k]);
                }
            }
            case BFLOAT16, FLOAT16 -> {
                for (int k = 0; k < count; k++) {
                    target.setAtIndex(F16, at + k, HalfFloats.narrow(dtype, source[from + k]));
                }
            }
        }
    }

    /** Stores {@code source[from … from + count − 1]} as elements {@code at …} of {@code target}, of {@code dtype}. */
    public static void store(double[] source, int from, MemorySegment target, DType dtype, long at, int count) {
        switch (dtype) {
            case FLOAT64 -> MemorySegment.copy(source, from, target, F64, at * Double.BYTES, count);
            case FLOAT32 -> {
                for (int k = 0; k < count; k++) {
                    target.setAtIndex(F32, at + k, (float) source[from + k]);
                }
            }
            case BFLOAT16, FLOAT16 -> {
                for (int k = 0; k < count; k++) {
                    target.setAtIndex(F16, at + k, HalfFloats.narrow(dtype, (float) source[from + k]));
                }
            }
        }
    }

    /** Loads elements {@code at …} of {@code source}, of {@code dtype}, into {@code target[from … from + count − 1]}. */
    public static void load(MemorySegment source, DType dtype, long at, float[] target, int from, int count) {
        switch (dtype) {
            case FLOAT32 -> MemorySegment.copy(source, F32, at * Float.BYTES, target, from, count);
            case FLOAT64 -> {
                for (int k = 0; k < count; k++) {
                    target[from + k] = (float) source.getAtIndex(F64, at + k);
                }
            }
            case BFLOAT16, FLOAT16 -> {
                for (int k = 0; k < count; k++) {
                    target[from + k] = HalfFloats.widen(dtype, source.getAtIndex(F16, at + k));
                }
            }
        }
    }

    /** Loads elements {@code at …} of {@code source}, of {@code dtype}, into {@code target[from … from + count − 1]}. */
    public static void load(MemorySegment source, DType dtype, long at, double[] target, int from, int count) {
        switch (dtype) {
            case FLOAT64 -> MemorySegment.copy(source, F64, at * Double.BYTES, target, from, count);
            case FLOAT32 -> {
                for (int k = 0; k < count; k++) {
                    target[from + k] = source.getAtIndex(F32, at + k);
                }
            }
            case BFLOAT16, FLOAT16 -> {
                for (int k = 0; k < count; k++) {
                    target[from + k] = HalfFloats.widen(dtype, source.getAtIndex(F16, at + k));
                }
            }
        }
    }
}
