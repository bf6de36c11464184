package dev.descent.bench;

import dev.descent.backend.Backend;
import dev.descent.backend.Backends;
import org.openjdk.jmh.annotations.Fork;

/**
 * {@link OptimizerStepBenchmark} on the reference backend: plain Java, one element at a time, on
 * one thread (it has no thread count, hence no {@code threads} parameter here).
 */
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class ReferenceStepBenchmark extends OptimizerStepBenchmark {

    @Override
    protected Backend createBackend() {
        // Through the ServiceLoader, as an application finds it.
        return Backends.get("reference");
    }
}
