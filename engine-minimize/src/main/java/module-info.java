/**
 * Objectives ({@code dev.descent.objective}: the {@code Objective} API, {@code HostObjective} for
 * objectives written over plain arrays, the built-in problems) and minimizers
 * ({@code dev.descent.minimize}: L-BFGS, BFGS, nonlinear and linear CG, Newton, Hessian-free,
 * mini-batch training), data sets ({@code dev.descent.data}: the IDX and CSV readers, safetensors
 * weights, classification and regression data) and multilayer perceptrons as objectives
 * ({@code dev.descent.network}), built on the public API of {@code dev.descent.api}, which a user of this
 * module reads too.
 */
module dev.descent.minimize {
    requires transitive dev.descent.api;

    exports dev.descent.objective;
    exports dev.descent.minimize;
    exports dev.descent.data;
    exports dev.descent.network;
}
