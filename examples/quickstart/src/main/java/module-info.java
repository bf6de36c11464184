/**
 * A separate application that uses Descent as a library, as a modular application: it needs the
 * optimizers ({@code dev.descent.api}) and the objectives and minimizers ({@code dev.descent.minimize}).
 * The SIMD backend is not required: {@code dev.descent.simd} is only on the module path, and the
 * module system binds it as a provider of the backend service that {@code dev.descent.api} uses.
 */
module com.example.quickstart {
    requires dev.descent.api;
    requires dev.descent.minimize;
}
