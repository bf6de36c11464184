/**
 * The Vector API backend ({@code simd}). {@link dev.descent.backend.Backends} finds it through the
 * {@link dev.descent.backend.BackendProvider} service, so an application needs this module only on
 * its module path; it {@code requires dev.descent.simd} only to construct {@code SimdBackend} with a
 * thread count of its own. Requiring {@code jdk.incubator.vector} here resolves the incubator module
 * whenever this one is resolved, so a modular application needs no {@code --add-modules} flag.
 */
module dev.descent.simd {
    requires transitive dev.descent.api;
    requires jdk.incubator.vector;

    exports dev.descent.simd;

    provides dev.descent.backend.BackendProvider with dev.descent.simd.SimdBackendProvider;
}
