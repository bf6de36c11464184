package dev.descent.io;

import dev.descent.tensor.DType;
import dev.descent.tensor.ElementCopies;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * One named tensor as raw bytes, little-endian, row-major: what a safetensors file stores for
 * {@code F32} ({@code F64}, {@code F16}, {@code BF16}), and what a tensor's
 * {@code copyTo(MemorySegment)} gives on a little-endian machine — so values go from a device to a
 * file and back bit for bit, never through a conversion.
 *
 * @param name the tensor's name
 * @param dtype the element type of the bytes
 * @param shape its dimensions, each ≥ 0
 * @param data its {@code dtype.byteSize() · ∏ shape} bytes (shared, not copied)
 */
public record RawTensor(String name, DType dtype, int[] shape, MemorySegment data) {

    public RawTensor {
        if (name == null || dtype == null || shape == null || data == null) {
            throw new IllegalArgumentException("a tensor needs a name, a dtype, a shape and data");
        }
        long n = NamedTensor.elements(shape);
        long bytes = n * dtype.byteSize();
        if (n < 0 || bytes != data.byteSize()) {
            throw new IllegalArgumentException("tensor '" + name + "' of " + dtype.label() + " shape "
                    + Arrays.toString(shape) + " needs " + (n < 0 ? "a valid shape" : bytes + " bytes") + ", got "
                    + data.byteSize());
        }
        requireLittleEndian();
    }

    /** A float32 tensor's bytes. */
    public RawTensor(String name, int[] shape, MemorySegment data) {
        this(name, DType.FLOAT32, shape, data);
    }

    /** {@code t}'s values as float32 bytes (copied). */
    public static RawTensor of(NamedTensor t) {
        return of(t, DType.FLOAT32);
    }

    /** {@code t}'s values as bytes of {@code dtype}, rounded to it as a tensor's copies round (copied). */
    public static RawTensor of(NamedTensor t, DType dtype) {
        Objects.requireNonNull(dtype, "dtype");
        float[] v = t.values();
        MemorySegment bytes = MemorySegment.ofArray(new byte[Math.multiplyExact(v.length, dtype.byteSize())]);
        ElementCopies.store(v, 0, bytes, dtype, 0, v.length);
        return new RawTensor(t.name(), dtype, t.shape(), bytes);
    }

    /** The values as floats (float32 bits as stored, the 16-bit types widened exactly, float64 rounded). */
    public float[] toFloatArray() {
        float[] out = new float[Math.toIntExact(data.byteSize() / dtype.byteSize())];
        ElementCopies.load(data, dtype, 0, out, 0, out.length);
        return out;
    }

    /**
     * Throws {@link UnsupportedOperationException} on a big-endian machine, where a tensor's native
     * bytes are not the file's little-endian ones (no platform Descent runs on is).
     */
    static void requireLittleEndian() {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new UnsupportedOperationException("raw tensor bytes are little-endian; this machine is big-endian");
        }
    }
}
