package dev.descent.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The fatbins shipped in {@code src/main/resources} were built from the CUDA sources as they are now:
 * the digest recorded in {@code kernels.properties} is the digest of {@code src/main/cuda}. Whoever
 * changes a kernel without nvcc at hand sees this fail and knows to run {@code build-kernels.sh}
 * where nvcc is installed (the Maven build does so by itself there).
 */
class FatbinFreshnessTest {

    private static final Path SOURCES = KernelSourcesTest.SOURCES;

    @Test
    void theShippedFatbinsAreBuiltFromTheCurrentSources() {
        KernelImages images = KernelImages.load();
        String digest = KernelSourceDigest.of(SOURCES);
        assertEquals(digest, images.sourcesDigest(), "the shipped fatbins are STALE: src/main/cuda changed since they "
                + "were built; run engine-cuda/build-kernels.sh where nvcc is installed and commit the result");
    }

    @Test
    void everySourceHasItsFatbinAndTheFlagsAreTheSources() throws IOException {
        KernelImages images = KernelImages.load();
        List<String> sources;
        try (Stream<Path> files = Files.list(SOURCES)) {
            sources = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".cu"))
                    .map(n -> n.substring(0, n.length() - 3)).sorted().toList();
        }
        assertEquals(sources, images.modules().stream().sorted().toList());
        for (String module : images.modules()) {
            byte[] fatbin = images.image(module);
            // a fatbin starts with its magic number 0xBA55ED50, little-endian
            assertTrue(fatbin.length > 16 && (fatbin[0] & 0xFF) == 0x50 && (fatbin[1] & 0xFF) == 0xED
                    && (fatbin[2] & 0xFF) == 0x55 && (fatbin[3] & 0xFF) == 0xBA, module + ".fatbin is not a fatbin");
        }
        assertEquals(Files.readString(SOURCES.resolve("nvcc.flags")).trim(), images.nvccFlags());
    }

    @Test
    void everyKernelIsInItsModulesFatbin() {
        KernelImages images = KernelImages.load();
        for (Kernel k : Kernel.values()) {
            String fatbin = new String(images.image(k.module()), StandardCharsets.ISO_8859_1);
            assertTrue(fatbin.contains(".text." + k.symbol() + "\0"), k.symbol() + " is not in " + k.module() + ".fatbin");
        }
    }

    @Test
    void theBuildScriptComputesTheSameDigest() throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("bash", "-c", "cd '" + SOURCES + "' && LC_ALL=C ls -1 | LC_ALL=C sort | xargs sha256sum"
                    + " | sha256sum | cut -d' ' -f1").redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "no bash here: " + e.getMessage());
            return;
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assumeTrue(p.exitValue() == 0 && out.matches("[0-9a-f]{64}"), () -> "no sha256sum here: " + out);
        assertEquals(KernelSourceDigest.of(SOURCES), out);
        String script = Files.readString(SOURCES.resolveSibling("../../build-kernels.sh").normalize());
        assertTrue(script.contains("LC_ALL=C ls -1 | LC_ALL=C sort | xargs \"${sha[@]}\" | \"${sha[@]}\""),
                "build-kernels.sh computes its digest with the pipeline above");
    }
}
