/**
 * Descent's API: tensors ({@code dev.descent.tensor}), the backend SPI and its {@link
 * java.util.ServiceLoader} lookup ({@code dev.descent.backend}), the optimizers, their schedules and
 * checkpoints ({@code dev.descent.optim}), files ({@code dev.descent.io}: safetensors, atomic writes),
 * the coefficients each optimizer kernel receives ({@code dev.descent.kernel}) and the reference backend ({@code dev.descent.reference}). {@code dev.descent.cpu}, the host tensors
 * the CPU backends share, is exported to the SIMD backend only.
 */
module dev.descent.api {
    exports dev.descent.tensor;
    exports dev.descent.io;
    exports dev.descent.backend;
    exports dev.descent.kernel;
    exports dev.descent.optim;
    exports dev.descent.optim.schedule;
    exports dev.descent.reference;
    exports dev.descent.cpu to dev.descent.simd;

    uses dev.descent.backend.BackendProvider;
    provides dev.descent.backend.BackendProvider with dev.descent.reference.ReferenceBackendProvider;
}
