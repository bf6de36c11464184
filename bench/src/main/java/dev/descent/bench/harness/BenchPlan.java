package dev.descent.bench.harness;

import dev.descent.bench.BenchmarkedOptimizers;
import dev.descent.bench.BytesPerElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What a run measures: every optimizer configuration on every backend (the SIMD backend at each
 * thread count) over every layout, by one timing plan.
 *
 * @param optimizers configuration names of {@link BenchmarkedOptimizers}
 * @param backends backend names, in the order rows are shown
 * @param sizes the elements of the single-tensor cases
 * @param threads the SIMD backend's thread counts
 * @param splitTensors if at least 2, the largest size is also run as this many tensors of
 *     {@code size / splitTensors} elements, once as one group (fused) and once as a group per tensor
 * @param mode what one timed step is
 * @param timing how long cases are warmed up and timed
 */
public record BenchPlan(List<String> optimizers, List<String> backends, List<Integer> sizes, List<Integer> threads,
        int splitTensors, StepMode mode, TimingPlan timing) {

    /** The sizes of the default run: in cache, in the last-level cache's reach, and far beyond it. */
    public static final List<Integer> DEFAULT_SIZES = List.of(10_000, 1_000_000, 10_000_000);

    /** The default split of the largest size: 1000 tensors (1000 × 1e4 against 1 × 1e7). */
    public static final int DEFAULT_SPLIT = 1000;

    public BenchPlan {
        optimizers = List.copyOf(optimizers);
        backends = List.copyOf(backends);
        sizes = List.copyOf(new TreeSet<>(sizes));
        threads = List.copyOf(new TreeSet<>(threads));
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(timing, "timing");
        if (optimizers.isEmpty() || backends.isEmpty() || sizes.isEmpty() || threads.isEmpty()) {
            throw new IllegalArgumentException("a plan needs at least one optimizer, backend, size and thread count");
        }
        for (String o : optimizers) {
            BenchmarkedOptimizers.spec(o); // throws for an unknown name, listing the known ones
            BytesPerElement.of(o);
        }
        for (int n : sizes) {
            if (n < 1) {
                throw new IllegalArgumentException("size " + n + " must be at least 1");
            }
        }
        for (int t : threads) {
            if (t < 1) {
                throw new IllegalArgumentException("thread count " + t + " must be at least 1");
            }
        }
        if (splitTensors < 0) {
            throw new IllegalArgumentException("split = " + splitTensors + " must be ≥ 0 (0 or 1: no split)");
        }
        if (splitTensors >= 2 && splitTensors > sizes.getLast()) {
            throw new IllegalArgumentException("cannot split " + sizes.getLast() + " elements into " + splitTensors
                    + " tensors");
        }
    }

    /**
     * The layouts in the order they run: one tensor of each size, smallest first, then the split of
     * the largest size as one group and as a group per tensor.
     */
    public List<Layout> layouts() {
        List<Layout> layouts = new ArrayList<>();
        for (int n : sizes) {
            layouts.add(Layout.single(n));
        }
        if (splitTensors >= 2) {
            int each = sizes.getLast() / splitTensors;
            layouts.add(new Layout(splitTensors, each, true));
            layouts.add(new Layout(splitTensors, each, false));
        }
        return layouts;
    }
}
