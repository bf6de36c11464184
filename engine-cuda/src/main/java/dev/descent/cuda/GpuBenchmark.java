package dev.descent.cuda;

import dev.descent.backend.Availability;
import dev.descent.backend.Backends;
import dev.descent.backend.ParameterSlots;
import dev.descent.kernel.AdamCoefficients;
import dev.descent.kernel.Coefficients;
import dev.descent.kernel.SgdCoefficients;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The GPU benchmark of the fused optimizer steps: Adam and SGD with momentum over 10⁶, 10⁷ and 10⁸
 * elements in one tensor and over 1000 tensors of 10⁴, against a device-to-device copy of the same
 * number of floats measured in the same run, the ceiling for a pass over memory; then the same steps
 * on bfloat16 parameters and gradients with float32 master weights ({@code adam-bf16},
 * {@code sgd-momentum-bf16}).
 *
 * <p>Each figure is the median of {@value #RUNS} runs, each timed with CUDA events around enough
 * back-to-back steps to take about {@value #RUN_MILLIS} ms. Bytes moved per element: Adam reads
 * {@code p, g, m, v} and writes {@code p, m, v}, 28 bytes; SGD with momentum reads {@code p, g, b}
 * and writes {@code p, b}, 20 bytes; the copy reads and writes 4 bytes each. With bfloat16 parameters
 * ({@link dev.descent.kernel.Coefficients#bytesPerElement(DType)}) the step reads the 2-byte gradient,
 * reads and writes the float32 master and state and writes the 2-byte parameter: 28 and 12 + 8 = 20
 * bytes, the same as float32 (master weights save memory for the weights and gradients the rest of
 * training reads, not bandwidth in the step). Goals on an H200: Adam at
 * 10⁸ at least 85% of the copy's bandwidth, and 1000 tensors of 10⁴ within 1.3× the time of one
 * tensor of 10⁷.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -cp ... dev.descent.cuda.GpuBenchmark}; exit
 * status 0 after a run, 2 if the CUDA backend is unavailable (the reason is printed).
 */
public final class GpuBenchmark {

    static final int RUNS = 7;
    static final double RUN_MILLIS = 40;

    /** Times work on the GPU: the milliseconds per call of {@code repetitions} calls of {@code work}. */
    @FunctionalInterface
    interface Timer {
        double time(Runnable work, int repetitions);
    }

    /** The layouts the benchmark measures: one tensor of 10⁶, 10⁷, 10⁸ elements and 1000 of 10⁴. */
    static final List<Layout> LAYOUTS = List.of(new Layout("1 x 1e6", 1, 1_000_000), new Layout("1 x 1e7", 1, 10_000_000),
            new Layout("1 x 1e8", 1, 100_000_000), new Layout("1000 x 1e4", 1000, 10_000));

    private final CudaBackend cuda;
    private final Timer timer;
    private final PrintStream out;

    GpuBenchmark(CudaBackend cuda, Timer timer, PrintStream out) {
        this.cuda = cuda;
        this.timer = timer;
        this.out = out;
    }

    /** Runs the benchmark and prints its table. */
    public static void main(String[] args) {
        Availability a = new CudaBackendProvider().availability();
        if (!a.available()) {
            System.out.println("gpu-benchmark: backend 'cuda' is unavailable: " + a.reason());
            System.exit(2);
        }
        CudaBackend cuda = (CudaBackend) Backends.get("cuda");
        JCudaDevice device = (JCudaDevice) cuda.device();
        long[] memory = device.memoryInfo();
        System.out.println("device: " + cuda.deviceDescription() + ", " + memory[1] / (1L << 20) + " MiB, "
                + memory[0] / (1L << 20) + " MiB free");
        new GpuBenchmark(cuda, device::time, System.out).run(LAYOUTS);
    }

    /**
     * A group of {@code tensors} tensors of {@code elementsEach} elements, by its {@code label} in the
     * table; the last one ("1000 x 1e4") is compared with the one of the same total ("1 x 1e7").
     */
    record Layout(String label, int tensors, int elementsEach) {
        long total() {
            return (long) tensors * elementsEach;
        }
    }

    private record Row(String optimizer, Layout layout, double msPerStep, double bytesPerElement, double copyGbs) {
        double gbs() {
            return layout.total() * bytesPerElement / (msPerStep * 1e6);
        }
    }

    /** Measures every layout and prints the table and the two goals (layouts as {@link #LAYOUTS}: the goals name them). */
    void run(List<Layout> layouts) {
        out.println("median of " + RUNS + " runs of about " + (int) RUN_MILLIS + " ms each, timed with CUDA events");
        out.println();
        Map<Long, Double> copy = new LinkedHashMap<>();
        for (Layout l : layouts) {
            copy.computeIfAbsent(l.total(), this::copyBandwidth);
        }
        List<Row> rows = new ArrayList<>();
        for (DType dtype : List.of(DType.FLOAT32, DType.BFLOAT16)) {
            String suffix = dtype == DType.FLOAT32 ? "" : "-bf16";
            for (Layout l : layouts) {
                rows.add(new Row("adam" + suffix, l, timeStep(l, ADAM, dtype), ADAM.bytesPerElement(dtype),
                        copy.get(l.total())));
            }
            for (Layout l : layouts) {
                rows.add(new Row("sgd-momentum" + suffix, l, timeStep(l, SGD_MOMENTUM, dtype),
                        SGD_MOMENTUM.bytesPerElement(dtype), copy.get(l.total())));
            }
        }
        out.printf(Locale.ROOT, "%-17s %-11s %12s %10s %12s %9s %14s %9s%n", "OPTIMIZER", "TENSORS", "ELEMENTS",
                "MS/STEP", "GELEMENTS/S", "GB/S", "COPY GB/S", "% COPY");
        for (Row r : rows) {
            out.printf(Locale.ROOT, "%-17s %-11s %12d %10.4f %12.2f %9.1f %14.1f %8.1f%%%n", r.optimizer(),
                    r.layout().label(), r.layout().total(), r.msPerStep(), r.layout().total() / (r.msPerStep() * 1e6),
                    r.gbs(), r.copyGbs(), 100 * r.gbs() / r.copyGbs());
        }
        out.println();
        for (String optimizer : List.of("adam", "sgd-momentum", "adam-bf16", "sgd-momentum-bf16")) {
            Row big = find(rows, optimizer, layouts.get(2).label());
            Row one = find(rows, optimizer, layouts.get(1).label());
            Row many = find(rows, optimizer, layouts.get(3).label());
            out.printf(Locale.ROOT, "%s: 1e8 at %.1f%% of the copy bandwidth (goal >= 85%%); 1000 x 1e4 takes %.2fx "
                    + "the time of 1 x 1e7 (goal <= 1.3x)%n", optimizer, 100 * big.gbs() / big.copyGbs(),
                    many.msPerStep() / one.msPerStep());
        }
    }

    private static Row find(List<Row> rows, String optimizer, String layout) {
        return rows.stream().filter(r -> r.optimizer().equals(optimizer) && r.layout().label().equals(layout))
                .findFirst().orElseThrow();
    }

    /** GB/s of a device-to-device copy of {@code floats} floats, counting the read and the write. */
    private double copyBandwidth(long floats) {
        try (Tensor src = cuda.allocate("copy.src", DType.FLOAT32, floats);
                Tensor dst = cuda.allocate("copy.dst", DType.FLOAT32, floats)) {
            double ms = median(() -> cuda.vectorOps().copy(src, dst));
            return 2.0 * 4 * floats / (ms * 1e6);
        }
    }

    /** Step 10 of torch's Adam defaults (lr 1e-3, betas 0.9, 0.999). */
    private static final AdamCoefficients ADAM = new AdamCoefficients((float) (1e-3 / (1 - Math.pow(0.9, 10))),
            (float) Math.sqrt(1 - Math.pow(0.999, 10)), 0.9f, 0.1f, 0.999f, 0.001f, 1e-8f, 0f, 1f, false, false);

    /** SGD with lr 0.01 and momentum 0.9. */
    private static final SgdCoefficients SGD_MOMENTUM = new SgdCoefficients(0.01f, 0.9f, 1f, 0f, false, false, false);

    /**
     * Milliseconds per fused step with coefficients {@code c} ({@link #ADAM} or {@link #SGD_MOMENTUM})
     * over {@code layout}, the parameters and gradients in {@code dtype} (a 16-bit dtype with a float32
     * master per parameter).
     */
    private double timeStep(Layout layout, Coefficients c, DType dtype) {
        List<Tensor> owned = new ArrayList<>();
        List<ParameterSlots> slots = new ArrayList<>();
        List<String> states = new ArrayList<>();
        List<String> names = c.layout().stateNames();
        for (int i = 0; i < names.size(); i++) {
            if ((c.usedSlots() & 1 << (2 + i)) != 0) {
                states.add(names.get(i));
            }
        }
        if (dtype.isLowPrecision()) {
            states.add(ParameterSlots.MASTER_PARAM);
        }
        try {
            for (int k = 0; k < layout.tensors(); k++) {
                Tensor p = cuda.allocate("p" + k, dtype, layout.elementsEach());
                Tensor g = cuda.allocate("g" + k, dtype, layout.elementsEach());
                owned.add(p);
                owned.add(g);
                fill(p, 1f);
                fill(g, 1e-3f);
                Map<String, Tensor> state = new LinkedHashMap<>();
                for (String s : states) {
                    Tensor t = cuda.allocate("p" + k + "." + s, DType.FLOAT32, layout.elementsEach());
                    owned.add(t);
                    state.put(s, t);
                }
                slots.add(new ParameterSlots(p, g, state));
            }
            List<ParameterSlots> group = List.copyOf(slots);
            return median(() -> cuda.optimizerKernels().step(c, group));
        } finally {
            owned.forEach(Tensor::close);
        }
    }

    /** Sets every element of {@code t} to {@code value} (16-bit tensors by a copy in: fill computes in float32 only). */
    private void fill(Tensor t, float value) {
        if (t.dtype().isLowPrecision()) {
            float[] values = new float[Math.toIntExact(t.size())];
            Arrays.fill(values, value);
            t.copyFrom(values);
        } else {
            cuda.vectorOps().fill(t, value);
        }
    }

    /** The median over {@value #RUNS} runs of the GPU milliseconds per call of {@code work}. */
    private double median(Runnable work) {
        timer.time(work, 3); // warm up: the first call uploads a group's table, the JIT compiles
        double probe = timer.time(work, 3);
        int repetitions = (int) Math.max(3, Math.min(2000, Math.ceil(RUN_MILLIS / Math.max(probe, 1e-4))));
        double[] ms = new double[RUNS];
        for (int r = 0; r < RUNS; r++) {
            ms[r] = timer.time(work, repetitions);
        }
        Arrays.sort(ms);
        return ms[RUNS / 2];
    }
}
