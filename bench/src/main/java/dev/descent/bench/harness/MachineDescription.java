package dev.descent.bench.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import jdk.incubator.vector.FloatVector;

/**
 * What a benchmark result depends on: the CPU model, the cores the JVM may use, the Vector API's
 * preferred float vector width, the JDK and the OS. Needs {@code --add-modules jdk.incubator.vector}.
 *
 * @param cpu the first "model name" of {@code /proc/cpuinfo}, or the architecture where there is none
 * @param cores the processors available to the JVM
 * @param vectorBits the width of the Vector API's preferred float species
 * @param jdk the VM's name and the runtime version
 * @param os the OS name, version and architecture
 */
public record MachineDescription(String cpu, int cores, int vectorBits, String jdk, String os) {

    /** This machine. */
    public static MachineDescription detect() {
        return new MachineDescription(cpuModel(), Runtime.getRuntime().availableProcessors(),
                FloatVector.SPECIES_PREFERRED.vectorBitSize(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
    }

    /** One line: {@code AMD EPYC, 2 cores, 512-bit vectors (16 floats), JDK ..., OS ...}. */
    public String summary() {
        return cpu + ", " + cores + (cores == 1 ? " core, " : " cores, ") + vectorBits + "-bit vectors ("
                + vectorBits / Float.SIZE + " floats), " + jdk + ", " + os;
    }

    private static String cpuModel() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            try (var lines = Files.lines(cpuinfo)) {
                return lines.filter(l -> l.startsWith("model name"))
                        .map(l -> l.substring(l.indexOf(':') + 1).strip())
                        .findFirst()
                        .orElse("unknown (" + System.getProperty("os.arch") + ")");
            } catch (IOException | UncheckedIOException e) {
                // an unreadable cpuinfo only costs the model name
            }
        }
        return "unknown (" + System.getProperty("os.arch") + ")";
    }
}
