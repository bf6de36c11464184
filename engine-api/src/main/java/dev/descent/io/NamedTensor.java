package dev.descent.io;

import java.util.Arrays;

/**
 * One named tensor of a weights file: its shape and its values, row-major, as floats (torch's
 * {@code state_dict()} names, such as {@code 0.weight} of shape {@code [out, in]}).
 *
 * @param name the tensor's name
 * @param shape its dimensions, each ≥ 0 ({@code []}: a scalar)
 * @param values its {@code ∏ shape} values, row-major (shared, not copied)
 */
public record NamedTensor(String name, int[] shape, float[] values) {

    public NamedTensor {
        if (name == null || shape == null || values == null) {
            throw new IllegalArgumentException("a tensor needs a name, a shape and values");
        }
        long n = elements(shape);
        if (n != values.length) {
            throw new IllegalArgumentException("tensor '" + name + "' of shape " + Arrays.toString(shape) + " needs " + n
                    + " values, got " + values.length);
        }
    }

    /** The number of elements of {@code shape}, or −1 if a dimension is negative or the product passes a long. */
    static long elements(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                return -1;
            }
            n = d == 0 ? 0 : (n > Long.MAX_VALUE / d ? -1 : n * d);
            if (n < 0) {
                return -1;
            }
        }
        return n;
    }
}
