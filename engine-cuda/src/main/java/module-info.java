/**
 * The CUDA backend ({@code cuda}) on JCuda's driver API. {@link dev.descent.backend.Backends} finds it
 * through the {@link dev.descent.backend.BackendProvider} service; the exported package holds what a
 * caller may meet directly ({@code CudaOutOfMemoryException}, {@code CudaBackend}). {@code jcuda} is
 * JCuda's jar as an automatic module (it has no descriptor). JCuda loads its JNI library and this
 * module calls restricted FFM methods, so a JVM running it should grant native access to both:
 * {@code --enable-native-access=dev.descent.cuda,jcuda}.
 */
module dev.descent.cuda {
    requires transitive dev.descent.api;
    requires jcuda;

    exports dev.descent.cuda;

    provides dev.descent.backend.BackendProvider with dev.descent.cuda.CudaBackendProvider;
}
