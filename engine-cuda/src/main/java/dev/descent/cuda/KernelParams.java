package dev.descent.cuda;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The parameters of one launch, in order, each checked against the kernel's declared
 * {@linkplain Kernel#params() signature} as it is added: a launch that would hand a kernel the wrong
 * kind of value fails here, with the kernel and the position named, instead of on the GPU.
 */
final class KernelParams {

    /**
     * One parameter.
     *
     * @param kind its type
     * @param bits the value of a scalar or address: the raw bits of a float or double, an int
     *     sign-extended; unused for a struct
     * @param words the fields of a struct (4 bytes each), else null
     */
    record Param(ParamKind kind, long bits, int[] words) {
    }

    private final Kernel kernel;
    private final List<Param> params = new ArrayList<>();

    private KernelParams(Kernel kernel) {
        this.kernel = kernel;
    }

    /** An empty parameter list for {@code kernel}. */
    static KernelParams of(Kernel kernel) {
        return new KernelParams(kernel);
    }

    /** Appends a device address. */
    KernelParams address(long address) {
        return add(new Param(ParamKind.ADDRESS, address, null));
    }

    /** Appends a 32-bit integer. */
    KernelParams i32(int value) {
        return add(new Param(ParamKind.I32, value, null));
    }

    /** Appends a 64-bit integer. */
    KernelParams i64(long value) {
        return add(new Param(ParamKind.I64, value, null));
    }

    /** Appends a float. */
    KernelParams f32(float value) {
        return add(new Param(ParamKind.F32, Float.floatToRawIntBits(value), null));
    }

    /** Appends a double. */
    KernelParams f64(double value) {
        return add(new Param(ParamKind.F64, Double.doubleToRawLongBits(value), null));
    }

    /** Appends a struct of 4-byte fields. */
    KernelParams struct(int[] words) {
        return add(new Param(ParamKind.STRUCT, 0, words.clone()));
    }

    /** The kernel these parameters are for. */
    Kernel kernel() {
        return kernel;
    }

    /** The parameters; throws unless every declared one was added. */
    List<Param> complete() {
        if (params.size() != kernel.params().size()) {
            throw new IllegalStateException("kernel " + kernel.symbol() + " takes " + kernel.params().size()
                    + " parameters but the launch has " + params.size());
        }
        return Collections.unmodifiableList(params);
    }

    private KernelParams add(Param p) {
        int index = params.size();
        if (index >= kernel.params().size() || kernel.params().get(index) != p.kind()) {
            throw new IllegalStateException("kernel " + kernel.symbol() + " parameter " + index + " is "
                    + (index < kernel.params().size() ? kernel.params().get(index) : "beyond its " + kernel.params().size())
                    + ", not " + p.kind());
        }
        params.add(p);
        return this;
    }
}
