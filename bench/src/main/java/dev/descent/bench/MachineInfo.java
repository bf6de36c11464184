package dev.descent.bench;

import dev.descent.bench.harness.MachineDescription;

/**
 * Prints what a benchmark result depends on: CPU model, cores, the Vector API's preferred float
 * width, JDK and OS ({@link MachineDescription}, which {@code ./descent bench} prints too), in the
 * form docs/benchmarks.md quotes them. Needs {@code --add-modules jdk.incubator.vector}.
 */
public final class MachineInfo {

    private MachineInfo() {
    }

    public static void main(String[] args) {
        MachineDescription m = MachineDescription.detect();
        System.out.println("CPU: " + m.cpu());
        System.out.println("cores (available processors): " + m.cores());
        System.out.println("Vector API preferred species: " + m.vectorBits() / Float.SIZE + " floats (" + m.vectorBits()
                + " bits)");
        System.out.println("JDK: " + m.jdk());
        System.out.println("OS: " + m.os());
        System.out.println("max heap: " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
    }
}
