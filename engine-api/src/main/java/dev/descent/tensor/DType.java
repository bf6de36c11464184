package dev.descent.tensor;

/** Element type of a {@link Tensor}. Optimizer kernels run in float32; vector operations accept both. */
public enum DType {
    /** IEEE 754 binary32, the type of parameters, gradients and optimizer state. */
    FLOAT32(4),
    /** IEEE 754 binary64, for the vector operations of line searches and quasi-Newton methods. */
    FLOAT64(8);

    private final int byteSize;

    DType(int byteSize) {
        this.byteSize = byteSize;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** The lower-case name used in files and on the command line ({@code float32}, {@code float64}). */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
