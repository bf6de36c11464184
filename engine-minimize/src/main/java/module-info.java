/**
 * Objectives ({@code dev.descent.objective}: the {@code Objective} API, {@code HostObjective} for
 * objectives written over plain arrays, the built-in problems) and minimizers
 * ({@code dev.descent.minimize}: L-BFGS, BFGS, nonlinear and linear CG, Newton, Hessian-free,
 * mini-batch training) and data sets read from files ({@code dev.descent.data}: the IDX reader of
 * MNIST and Fashion-MNIST), built on the public API of {@code dev.descent.api}, which a user of this
 * module reads too.
 */
module dev.descent.minimize {
    requires transitive dev.descent.api;

    exports dev.descent.objective;
    exports dev.descent.minimize;
    exports dev.descent.data;
}
