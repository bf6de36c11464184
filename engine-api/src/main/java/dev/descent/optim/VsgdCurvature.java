package dev.descent.optim;

/** Where {@link Vsgd} gets its per-element curvature {@code h}. */
public enum VsgdCurvature {
    /** vSGD-l: the objective's diagonal curvature (bbprop or the exact diagonal of the Hessian). */
    LOCAL("local"),
    /** vSGD-fd: a finite difference of two gradients of the same batch (Schaul &amp; LeCun 2013). */
    FINITE_DIFFERENCE("fd");

    private final String label;

    VsgdCurvature(String label) {
        this.label = label;
    }

    /** The name used on the command line and in hyper-parameter maps. */
    public String label() {
        return label;
    }

    /** The variant called {@code label}; throws naming the allowed labels. */
    public static VsgdCurvature fromLabel(String label) {
        for (VsgdCurvature v : values()) {
            if (v.label.equalsIgnoreCase(label)) {
                return v;
            }
        }
        throw new IllegalArgumentException("variant = '" + label + "' is not one of local, fd");
    }
}
