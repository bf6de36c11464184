package dev.descent.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jdk.incubator.vector.FloatVector;

/**
 * Prints what a benchmark result depends on: CPU model, cores, the Vector API's preferred float
 * width, JDK and OS, in the form docs/benchmarks.md quotes them. Needs
 * {@code --add-modules jdk.incubator.vector}.
 */
public final class MachineInfo {

    private MachineInfo() {
    }

    /** Prints the description; takes no arguments. */
    public static void main(String[] args) throws IOException {
        System.out.println("CPU: " + cpuModel());
        System.out.println("cores (available processors): " + Runtime.getRuntime().availableProcessors());
        System.out.println("Vector API preferred species: " + FloatVector.SPECIES_PREFERRED.length() + " floats ("
                + FloatVector.SPECIES_PREFERRED.vectorBitSize() + " bits)");
        System.out.println("JDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        System.out.println("OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        System.out.println("max heap: " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
    }

    /** The first "model name" of /proc/cpuinfo, or the OS architecture where there is none. */
    private static String cpuModel() throws IOException {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            List<String> lines = Files.readAllLines(cpuinfo);
            for (String line : lines) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        }
        return "unknown (" + System.getProperty("os.arch") + ")";
    }
}
