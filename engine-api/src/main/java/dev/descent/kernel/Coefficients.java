package dev.descent.kernel;

import dev.descent.tensor.DType;

/**
 * The scalars of one step of one optimizer kernel. Each permitted record declares, next to its
 * components, its kernel's {@link KernelLayout} as {@code public static final LAYOUT}; a backend runs
 * a step with one exhaustive {@code switch} over these records, so that a kernel it lacks fails to
 * compile rather than at run time.
 */
public sealed interface Coefficients permits SgdCoefficients, AdagradCoefficients, AdadeltaCoefficients,
        RmspropCoefficients, RpropCoefficients, AdamCoefficients, AdamaxCoefficients, NadamCoefficients,
        GainsCoefficients, VsgdCoefficients {

    /** The layout of this step's kernel (the record's {@code LAYOUT}). */
    KernelLayout<?> layout();

    /** The bits of the slots this step uses ({@link KernelLayout#usedSlots}). */
    @SuppressWarnings("unchecked")
    default int usedSlots() {
        return ((KernelLayout<Coefficients>) layout()).usedSlots(this);
    }

    /** The bytes per element this step moves at the least ({@link KernelLayout#bytesPerElement}). */
    @SuppressWarnings("unchecked")
    default int bytesPerElement() {
        return ((KernelLayout<Coefficients>) layout()).bytesPerElement(this);
    }

    /** The bytes per element this step moves at the least on parameters of {@code dtype} ({@link KernelLayout#bytesPerElement(Coefficients, DType)}). */
    @SuppressWarnings("unchecked")
    default int bytesPerElement(DType dtype) {
        return ((KernelLayout<Coefficients>) layout()).bytesPerElement(this, dtype);
    }
}
