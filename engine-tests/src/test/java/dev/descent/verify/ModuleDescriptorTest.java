package dev.descent.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.BackendProvider;
import dev.descent.cuda.CudaBackendProvider;
import dev.descent.minimize.Minimizer;
import dev.descent.reference.ReferenceBackendProvider;
import dev.descent.simd.SimdBackendProvider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The JPMS descriptors of the library modules, read from their class folders or jars (the tests run
 * on the class path, where the descriptors are otherwise ignored): each module exports exactly its
 * public API, and the backend providers it declares with {@code provides} are the ones its
 * {@code META-INF/services} file lists for the class path, so that both paths find the same backends.
 * That a modular application can use them is shown by {@code examples/quickstart}, which CI runs on
 * the module path.
 */
class ModuleDescriptorTest {

    private static final String SERVICE = BackendProvider.class.getName();

    /** A module's descriptor and its service file, read from where {@code member} was loaded from. */
    private record Module(ModuleDescriptor descriptor, Set<String> serviceFile) {

        static Module of(Class<?> member) throws IOException, URISyntaxException {
            Path location = Path.of(member.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(location)) {
                return read(location);
            }
            try (FileSystem jar = FileSystems.newFileSystem(location)) {
                return read(jar.getPath("/"));
            }
        }

        private static Module read(Path root) throws IOException {
            ModuleDescriptor descriptor;
            try (InputStream in = Files.newInputStream(root.resolve("module-info.class"))) {
                descriptor = ModuleDescriptor.read(in);
            }
            Path services = root.resolve("META-INF/services/" + SERVICE);
            Set<String> listed = Files.exists(services)
                    ? Files.readAllLines(services).stream().map(String::strip)
                            .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toCollection(TreeSet::new))
                    : Set.of();
            return new Module(descriptor, listed);
        }

        /** Exported package → the modules it is exported to (empty: to everyone). */
        Map<String, Set<String>> exports() {
            Map<String, Set<String>> out = new TreeMap<>();
            descriptor.exports().forEach(e -> out.put(e.source(), new TreeSet<>(e.targets())));
            return out;
        }

        Set<String> providers() {
            return descriptor.provides().stream().filter(p -> p.service().equals(SERVICE))
                    .flatMap(p -> p.providers().stream()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void apiExportsItsPublicPackagesAndUsesTheBackendService() throws Exception {
        Module api = Module.of(ReferenceBackendProvider.class);
        assertEquals("dev.descent.api", api.descriptor().name());
        assertEquals(Map.of(
                "dev.descent.backend", Set.of(),
                "dev.descent.cpu", Set.of("dev.descent.simd"),
                "dev.descent.io", Set.of(),
                "dev.descent.kernel", Set.of(),
                "dev.descent.optim", Set.of(),
                "dev.descent.optim.schedule", Set.of(),
                "dev.descent.reference", Set.of(),
                "dev.descent.tensor", Set.of()), api.exports());
        assertTrue(api.descriptor().uses().contains(SERVICE), "dev.descent.api must declare uses " + SERVICE);
        assertEquals(Set.of(ReferenceBackendProvider.class.getName()), api.providers());
        assertEquals(api.serviceFile(), api.providers(), "provides vs META-INF/services");
    }

    @Test
    void backendModulesProvideWhatTheirServiceFilesList() throws Exception {
        for (Class<?> provider : List.of(SimdBackendProvider.class, CudaBackendProvider.class)) {
            Module backend = Module.of(provider);
            String name = provider.getPackageName();
            assertEquals(name, backend.descriptor().name());
            assertEquals(Map.of(name, Set.of()), backend.exports(), name);
            assertEquals(Set.of(provider.getName()), backend.providers(), name);
            assertEquals(backend.serviceFile(), backend.providers(), name + ": provides vs META-INF/services");
            assertTrue(backend.descriptor().requires().stream().anyMatch(r -> r.name().equals("dev.descent.api")
                    && r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE)), name);
        }
        assertTrue(Module.of(SimdBackendProvider.class).descriptor().requires().stream()
                .anyMatch(r -> r.name().equals("jdk.incubator.vector")), "dev.descent.simd requires the Vector API");
    }

    @Test
    void minimizeExportsObjectivesMinimizersDataAndNetworks() throws Exception {
        Module minimize = Module.of(Minimizer.class);
        assertEquals("dev.descent.minimize", minimize.descriptor().name());
        assertEquals(Map.of("dev.descent.minimize", Set.of(), "dev.descent.objective", Set.of(), "dev.descent.data", Set.of(),
                "dev.descent.network", Set.of()), minimize.exports());
        assertEquals(Set.of(), minimize.providers());
    }
}
