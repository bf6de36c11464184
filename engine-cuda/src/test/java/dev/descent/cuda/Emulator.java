package dev.descent.cuda;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Builds the kernel emulator ({@code src/test/cuda/emulator.cpp}, which includes every kernel source)
 * with the host C++ compiler, once per set of sources, under {@code target/emulator/}. It is built with
 * AddressSanitizer and UndefinedBehaviorSanitizer, so an out-of-bounds or misaligned access in a kernel
 * ends the emulator with a report that {@link EmulatedDevice} passes on.
 *
 * <p>Float semantics: x86-64 computes float and double in SSE registers, IEEE 754 rounded per
 * operation, and {@code -ffp-contract=off} forbids fusing a multiply and an add, as {@code -fmad=false}
 * does for nvcc; so the emulator computes what the GPU computes.
 */
final class Emulator {

    private static final Path MODULE = Path.of(System.getProperty("user.dir"));
    private static final Path KERNELS = MODULE.resolve("src/main/cuda");
    private static final Path HARNESS = MODULE.resolve("src/test/cuda");

    private static Optional<Path> binary;
    private static String whyNot;

    private Emulator() {
    }

    /** The emulator binary, built on first use, or empty if no compiler could build it (see {@link #whyNot()}). */
    static synchronized Optional<Path> binary() {
        if (binary == null) {
            binary = build();
        }
        return binary;
    }

    /** Why {@link #binary()} is empty. */
    static synchronized String whyNot() {
        binary();
        return whyNot;
    }

    private static Optional<Path> build() {
        String compiler = System.getenv().getOrDefault("CXX", "g++");
        String digest = KernelSourceDigest.sha256((KernelSourceDigest.of(KERNELS) + KernelSourceDigest.of(HARNESS))
                .getBytes(StandardCharsets.UTF_8)).substring(0, 16);
        Path dir = MODULE.resolve("target/emulator");
        Path exe = dir.resolve("emulator-" + digest);
        if (Files.isExecutable(exe)) {
            return Optional.of(exe);
        }
        try {
            Files.createDirectories(dir);
            List<String> base = List.of(compiler, "-std=c++20", "-g", "-pthread", "-ffp-contract=off", "-Wall",
                    "-Wno-unknown-pragmas", "-x", "c++", "-I" + HARNESS, "-I" + KERNELS,
                    HARNESS.resolve("emulator.cpp").toString(), "-o", exe.toString());
            String sanitized = compile(base, List.of("-O1", "-fsanitize=address,undefined", "-fno-sanitize-recover=all",
                    "-fno-omit-frame-pointer"));
            if (sanitized == null) {
                sanitized = smokeTest(exe); // some containers cannot run AddressSanitizer's shadow memory
                if (sanitized == null) {
                    return Optional.of(exe);
                }
            }
            String plain = compile(base, List.of("-O1"));
            if (plain == null) {
                System.err.println("emulator: built without sanitizers (" + sanitized.lines().findFirst().orElse("") + ")");
                return Optional.of(exe);
            }
            whyNot = "the kernel emulator could not be built with " + compiler + ": " + plain;
        } catch (IOException e) {
            whyNot = "the kernel emulator could not be built with " + compiler + ": " + e.getMessage();
        }
        return Optional.empty();
    }

    /** Starts the emulator, asks for its kernel list and quits it; null if that worked, else why not. */
    private static String smokeTest(Path exe) throws IOException {
        Process p = new ProcessBuilder(exe.toString()).redirectErrorStream(true).start();
        p.getOutputStream().write(new byte[] {8, 0});
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "the sanitized emulator did not answer";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
        return p.exitValue() == 0 && out.length > 8 && out[0] == 0 ? null
                : "the sanitized emulator does not run here: " + new String(out, StandardCharsets.UTF_8);
    }

    /** Runs the compiler; null on success, else its output (or why it could not run). */
    private static String compile(List<String> base, List<String> extra) throws IOException {
        List<String> command = new ArrayList<>(base.subList(0, 1));
        command.addAll(extra);
        command.addAll(base.subList(1, base.size()));
        Path log = Files.createTempFile("emulator-build", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "the compiler took more than 300 s";
            }
            return p.exitValue() == 0 ? null : String.join(" ", command) + "\n" + Files.readString(log);
        } catch (IOException e) {
            return command.getFirst() + " not found (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** Fails loudly: for callers that already know the emulator exists. */
    static Path require() {
        return binary().orElseThrow(() -> new UncheckedIOException(new IOException(whyNot())));
    }
}
