package dev.descent.io;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One named float32 tensor as raw bytes, little-endian, row-major: what a safetensors file stores for
 * {@code F32}, and what a tensor's {@code copyTo(MemorySegment)} gives on a little-endian machine — so
 * values go from a device to a file and back bit for bit, never through a conversion.
 *
 * @param name the tensor's name
 * @param shape its dimensions, each ≥ 0
 * @param data its {@code 4 · ∏ shape} bytes (shared, not copied)
 */
public record RawTensor(String name, int[] shape, MemorySegment data) {

    public RawTensor {
        if (name == null || shape == null || data == null) {
            throw new IllegalArgumentException("a tensor needs a name, a shape and data");
        }
        long n = NamedTensor.elements(shape);
        if (n < 0 || 4 * n != data.byteSize()) {
            throw new IllegalArgumentException("tensor '" + name + "' of shape " + Arrays.toString(shape) + " needs "
                    + (n < 0 ? "a valid shape" : 4 * n + " bytes") + ", got " + data.byteSize());
        }
        requireLittleEndian();
    }

    /** {@code t}'s values as raw bytes (copied). */
    public static RawTensor of(NamedTensor t) {
        MemorySegment bytes = MemorySegment.ofArray(new byte[4 * t.values().length]);
        MemorySegment.copy(MemorySegment.ofArray(t.values()), 0, bytes, 0, bytes.byteSize());
        return new RawTensor(t.name(), t.shape(), bytes);
    }

    /** The values as floats (each float's bits as stored). */
    public float[] toFloatArray() {
        float[] out = new float[Math.toIntExact(data.byteSize() / 4)];
        MemorySegment.copy(data, 0, MemorySegment.ofArray(out), 0, data.byteSize());
        return out;
    }

    /**
     * Throws {@link UnsupportedOperationException} on a big-endian machine, where a tensor's native
     * bytes are not the file's little-endian ones (no platform Descent runs on is).
     */
    static void requireLittleEndian() {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new UnsupportedOperationException("raw float32 bytes are little-endian; this machine is big-endian");
        }
    }
}
