package dev.descent.tensor;

/**
 * Element type of a {@link Tensor}. Optimizer kernels compute in float32; vector operations,
 * objectives and network kernels accept float32 and float64. The two 16-bit types hold
 * low-precision parameters and gradients: a tensor of them can be allocated, wrapped, viewed and
 * copied in and out on every backend (values converted by {@link HalfFloats}, rounding to nearest
 * even), and optimizers with float32 master weights update them.
 */
public enum DType {
    /** IEEE 754 binary32, the type of parameters, gradients and optimizer state. */
    FLOAT32(4),
    /** IEEE 754 binary64, for the vector operations of line searches and quasi-Newton methods. */
    FLOAT64(8),
    /**
     * bfloat16: the upper 16 bits of a binary32 (8 exponent bits, 7 fraction bits), torch's
     * {@code torch.bfloat16}.
     */
    BFLOAT16(2),
    /** IEEE 754 binary16 (5 exponent bits, 10 fraction bits), torch's {@code torch.float16}. */
    FLOAT16(2);

    private final int byteSize;

    DType(int byteSize) {
        this.byteSize = byteSize;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** The dtypes computed in outside the optimizers (vector operations, objectives, network kernels): float32 and float64. */
    public static java.util.List<DType> computed() {
        return java.util.List.of(FLOAT32, FLOAT64);
    }

    /** Whether this is one of the 16-bit types, which are stored but not computed in. */
    public boolean isLowPrecision() {
        return byteSize == 2;
    }

    /**
     * The lower-case name used in files and on the command line ({@code float32}, {@code float64},
     * {@code bfloat16}, {@code float16}).
     */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
