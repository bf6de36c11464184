package dev.descent.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where nvcc is on the PATH (every build machine here has 13.0; CI may not), the kernels compile with
 * the shipped flags, the result is the shipped fatbins byte for byte (nvcc is deterministic) when the
 * release is the recorded one (with another release the comparison is skipped, naming both), and the
 * generated PTX holds no instruction that would break bitwise
 * agreement with the reference: no fused multiply-add (but the GEMMs' explicit ones, see
 * {@link #FMA_MODULE}), no approximate division, reciprocal or square root (a correctly rounded
 * {@code rcp.rn} is a division of 1), no flush-to-zero, every float add,
 * subtract and multiply rounded to nearest. Skipped, saying so,
 * where there is no nvcc.
 */
class NvccTest {

    /**
     * The one module allowed a fused multiply-add: the GEMMs of {@code network.cu} call {@code __fmaf_rn} and
     * {@code __fma_rn} explicitly (IEEE's correctly rounded {@code a·b + c}, which the emulator computes
     * with the C library's {@code fma}, bit for bit), and are held to the reference by an error bound,
     * not bit for bit. {@code -fmad=false} still keeps nvcc from fusing anything on its own.
     */
    private static final String FMA_MODULE = "network";

    private static Optional<Path> nvcc;

    @BeforeAll
    static void findNvcc() {
        nvcc = Optional.ofNullable(System.getenv("NVCC")).map(Path::of).filter(Files::isExecutable)
                .or(() -> onPath("nvcc"));
    }

    @Test
    void theSourcesCompileToTheShippedFatbins(@TempDir Path out) throws Exception {
        assumeTrue(nvcc.isPresent(), "nvcc not found on the PATH: the shipped fatbins are used as they are");
        Path script = KernelSourcesTest.SOURCES.resolve("../../../build-kernels.sh").normalize();
        Result r = run(List.of("bash", script.toString(), "--out", out.toString()), 600);
        assertEquals(0, r.status(), r.output());
        KernelImages shipped = KernelImages.load();
        String release = Files.readString(out.resolve("kernels.properties")).lines()
                .filter(l -> l.startsWith("nvcc.release=")).findFirst().orElseThrow().substring(13);
        for (String module : shipped.modules()) {
            assertTrue(Files.size(out.resolve(module + ".fatbin")) > 0, module);
        }
        // Another release may compile to other bytes: then there is nothing to compare, and the run says so.
        assumeTrue(release.equals(shipped.nvccRelease()), () -> "the sources compile, but the byte comparison is"
                + " skipped: nvcc " + release + " is installed here and nvcc " + shipped.nvccRelease()
                + " built the shipped fatbins");
        for (String module : shipped.modules()) {
            assertArrayEquals(shipped.image(module), Files.readAllBytes(out.resolve(module + ".fatbin")), module
                    + ".fatbin differs from the shipped one although nvcc " + release + " built both: rebuild with "
                    + "build-kernels.sh --force");
        }
    }

    @Test
    void thePtxComputesWhatTheReferenceComputes(@TempDir Path out) throws Exception {
        assumeTrue(nvcc.isPresent(), "nvcc not found on the PATH: the PTX check needs it");
        List<String> flags = new ArrayList<>();
        for (String f : KernelSourcesTest.read("nvcc.flags").trim().split("\\s+")) {
            flags.add(f);
        }
        // PTX for one virtual architecture: the -gencode pairs name several, -ptx wants one.
        List<String> ptxFlags = new ArrayList<>();
        for (int i = 0; i < flags.size(); i++) {
            if (flags.get(i).equals("-gencode")) {
                i++;
            } else {
                ptxFlags.add(flags.get(i));
            }
        }
        Pattern floatOp = Pattern.compile("^[ \\t]*(add|sub|mul|div|sqrt|fma|rcp|rsqrt|mad)(\\.[a-z0-9]+)*\\.f(32|64)\\b",
                Pattern.MULTILINE);
        for (Kernel k : Kernel.values()) {
            Path ptx = out.resolve(k.module() + ".ptx");
            if (Files.exists(ptx)) {
                continue;
            }
            List<String> command = new ArrayList<>(List.of(nvcc.get().toString()));
            command.addAll(ptxFlags);
            command.addAll(List.of("-arch=compute_90", "-ptx", "-o", ptx.toString(),
                    KernelSourcesTest.SOURCES.resolve(k.module() + ".cu").toString()));
            Result r = run(command, 300);
            assertEquals(0, r.status(), r.output());
            String text = Files.readString(ptx);
            Matcher m = floatOp.matcher(text);
            int ops = 0;
            while (m.find()) {
                String instruction = text.substring(m.start(), text.indexOf('\n', m.start())).trim();
                String opcode = instruction.split("\\s+")[0];
                ops++;
                boolean gemmFma = k.module().equals(FMA_MODULE) && opcode.startsWith("fma.rn.");
                // rcp.rn is IEEE's correctly rounded 1/x, what nvcc makes of a division of 1.0 (div.rn's result).
                boolean exactReciprocal = opcode.startsWith("rcp.rn.");
                assertTrue(gemmFma || exactReciprocal || !opcode.startsWith("fma") && !opcode.startsWith("mad")
                        && !opcode.startsWith("rcp") && !opcode.startsWith("rsqrt"), k.module() + ": " + instruction);
                assertTrue(opcode.contains(".rn."), k.module() + ": not rounded to nearest: " + instruction);
                assertTrue(!opcode.contains(".ftz") && !opcode.contains(".approx") && !opcode.contains(".full"),
                        k.module() + ": " + instruction);
            }
            assertTrue(ops > 0, k.module() + ": no float arithmetic found in the PTX; the pattern is wrong");
            assertTrue(!text.contains(".ftz") && !text.contains(".approx"), k.module() + ": flush-to-zero or approximation");
        }
    }

    private record Result(int status, String output) {
    }

    private static Result run(List<String> command, int seconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(seconds, TimeUnit.SECONDS), String.join(" ", command) + " took too long");
        return new Result(p.exitValue(), String.join(" ", command) + "\n" + new String(output, StandardCharsets.UTF_8));
    }

    private static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
