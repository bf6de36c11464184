package dev.descent.cuda;

import dev.descent.kernel.Coefficients;
import dev.descent.kernel.KernelLayout;
import java.util.LinkedHashMap;
import java.util.Map;

/** Every optimizer kernel with its coefficient record, found through the sealed {@link Coefficients}. */
final class CoefficientRecords {
    private CoefficientRecords() {
    }

    /** Each optimizer step kernel and the record whose struct it takes, in the sealed interface's order. */
    @SuppressWarnings("unchecked")
    static Map<Kernel, Class<? extends Record>> byKernel() {
        Map<Kernel, Class<? extends Record>> out = new LinkedHashMap<>();
        for (Class<?> type : Coefficients.class.getPermittedSubclasses()) {
            out.put(Kernel.optimizer(layoutOf(type)), (Class<? extends Record>) type);
        }
        return out;
    }

    /** The {@code LAYOUT} of a coefficient record. */
    static KernelLayout<?> layoutOf(Class<?> type) {
        try {
            return (KernelLayout<?>) type.getField("LAYOUT").get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(type + " has no LAYOUT", e);
        }
    }
}
