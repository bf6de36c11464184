package dev.descent.kernel;

/** Which curvature matrix of the extended Rosenbrock function a product uses. */
public enum RosenbrockCurvature {
    /** The exact Hessian {@code ∇²f}. */
    HESSIAN,
    /** The Gauss–Newton matrix {@code 2JᵀJ} of the sum of squares (positive semidefinite). */
    GAUSS_NEWTON
}
