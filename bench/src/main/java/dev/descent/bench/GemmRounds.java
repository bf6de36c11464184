package dev.descent.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@link GemmBenchmark}'s products timed in interleaved rounds in one process, for a machine whose load
 * changes from second to second (JMH times one configuration after another, so a burst of load lands on
 * whichever runs then): each round times every implementation for about 0.2 GFLOP in turn, and the
 * report gives each one's median GFLOP/s over the rounds and the median over rounds of its rate over
 * Descent's in the same round, plus the median rate by the thread's CPU time, which leaves out the time
other processes held the core. One line of JSON per shape and implementation.
 *
 * <p>Usage: {@code OPENBLAS_NUM_THREADS=1 java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar
 * dev.descent.bench.GemmRounds [rounds] [shapes] [impls]} (defaults 15, {@code x_wt,dzt_h,dz_w,h_wt},
 * {@code descent,netlib-java,netlib-native}).
 */
public final class GemmRounds {

    /** The calling thread's CPU time: what the product cost, less the time other processes held the core. */
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private GemmRounds() {
    }

    /** Runs the rounds and prints the JSON lines. */
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        String[] shapes = (args.length > 1 ? args[1] : "x_wt,dzt_h,dz_w,h_wt").split(",");
        String[] impls = (args.length > 2 ? args[2] : "descent,netlib-java,netlib-native").split(",");
        if (!impls[0].equals("descent")) {
            throw new IllegalArgumentException("the first implementation must be descent, the ratios' base");
        }
        if (Arrays.stream(impls).anyMatch(i -> i.startsWith("netlib-native"))) {
            GemmBenchmark.requireOneBlasThread();
        }
        for (String shape : shapes) {
            List<GemmBenchmark> cases = new ArrayList<>();
            for (String impl : impls) {
                GemmBenchmark c = new GemmBenchmark();
                c.shape = shape;
                c.impl = impl;
                c.threads = 1;
                c.setUp();
                cases.add(c);
            }
            double flops = 2.0 * cases.get(0).flopsPerCall();
            int calls = (int) Math.max(1, 2e8 / flops);
            double[][] rates = new double[impls.length][rounds];
            double[][] cpuRates = new double[impls.length][rounds];
            for (int r = -3; r < rounds; r++) { // three rounds of warm-up
                for (int i = 0; i < impls.length; i++) {
                    long start = System.nanoTime();
                    long cpuStart = CPU.getCurrentThreadCpuTime();
                    for (int c = 0; c < calls; c++) {
                        cases.get(i).product();
                    }
                    if (r >= 0) {
                        rates[i][r] = flops * calls / (System.nanoTime() - start);
                        cpuRates[i][r] = flops * calls / Math.max(1, CPU.getCurrentThreadCpuTime() - cpuStart);
                    }
                }
            }
            for (int i = 0; i < impls.length; i++) {
                double[] ratio = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    ratio[r] = rates[i][r] / rates[0][r];
                }
                System.out.println(String.format(Locale.ROOT,
                        "{\"shape\": \"%s\", \"impl\": \"%s\", \"gflops_median\": %.1f, \"gflops_max\": %.1f,"
                                + " \"gflops_cpu_time_median\": %.1f, \"over_descent_median\": %.2f, \"rounds\": %d}",
                        shape, impls[i], median(rates[i]), Arrays.stream(rates[i]).max().orElse(0),
                        median(cpuRates[i]), median(ratio), rounds));
            }
            cases.forEach(GemmBenchmark::tearDown);
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int h = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[h] : (sorted[h - 1] + sorted[h]) / 2;
    }
}
