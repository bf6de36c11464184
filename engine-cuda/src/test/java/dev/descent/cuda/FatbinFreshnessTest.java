package dev.descent.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The fatbins shipped in {@code src/main/resources} were built from the CUDA sources as they are now:
 * the digest recorded in {@code kernels.properties} is the digest of {@code src/main/cuda}, and the
 * fatbins are the ones the build that wrote it produced (their digest is recorded beside it). Whoever
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
    void theShippedFatbinsAreTheOnesThatBuildWrote() {
        // The manifest's sources digest says nothing about the fatbins unless they are the ones the same
        // build wrote: a fatbin replaced or left behind (a module rebuilt by hand, a merge that took one
        // side's fatbin and the other side's manifest) must not pass as fresh.
        KernelImages images = KernelImages.load();
        Map<String, byte[]> fatbins = new TreeMap<>();
        for (String module : images.modules()) {
            fatbins.put(module + ".fatbin", images.image(module));
        }
        assertEquals(images.fatbinsDigest(), KernelSourceDigest.of(fatbins), "the shipped fatbins are not the ones "
                + "kernels.properties was written with; run engine-cuda/build-kernels.sh --force where nvcc is installed"
                + " and commit the result");
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
        assertTrue(script.contains("LC_ALL=C ls -1 -- *.fatbin | LC_ALL=C sort | xargs \"${sha[@]}\" | \"${sha[@]}\""),
                "build-kernels.sh computes the fatbins' digest with the same pipeline");
    }
}
