package dev.descent.bench.harness;

import dev.descent.backend.Backend;
import dev.descent.backend.BackendProvider;
import dev.descent.backend.Backends;
import dev.descent.bench.BenchmarkedOptimizers;
import dev.descent.bench.BytesPerElement;
import dev.descent.simd.SimdBackend;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs a {@link BenchPlan}: first the bandwidth of every memory at every thread count and size the
 * cases need, then every case, one after another in one JVM.
 *
 * <p>The SIMD backend is created once per thread count ({@code new SimdBackend(threads)}), other
 * backends once. A backend that cannot run here is skipped and its reason kept. The CPU's bandwidth
 * is measured with the SIMD backend at each thread count (the fastest streams Java has), or with the
 * reference backend where the SIMD backend cannot run; another backend's memory (a GPU's) with that
 * backend's own operations.
 */
public final class BenchSuite {

    /** The backend whose rows the others' speed-up is relative to. */
    public static final String REFERENCE = "reference";

    private static final String SIMD = "simd";

    /**
     * The layouts the JIT is warmed up on, so that every path a case may take is compiled before it
     * is timed (a path first taken during a case costs a deoptimization, and its interpreted code may
     * look steady enough to be timed): two tensors of 2¹⁶ + 3 elements, more than the 2¹⁶ from which
     * the SIMD backend splits a step across its threads, packed across tensors; and one tensor of
     * 1003, below that, on the calling thread. Neither is a multiple of a vector's length, so the
     * masked tail loops are compiled too.
     */
    public static final List<Layout> JIT_LAYOUTS = List.of(new Layout(2, (1 << 16) + 3, true), Layout.single(1003));

    /** The JIT warm-up of each kernel lasts this many times a case's warm-up, shared by the {@link #JIT_LAYOUTS}. */
    public static final int JIT_WARMUP_FACTOR = 2;

    private final BenchPlan plan;
    private final List<BenchTarget> targets = new ArrayList<>();
    private final Map<String, String> skipped = new LinkedHashMap<>();
    private final Map<Integer, Backend> cpuProbes = new TreeMap<>();
    private final StepTimer timer;

    private BenchSuite(BenchPlan plan, StepTimer timer) {
        this.plan = plan;
        this.timer = timer;
        for (String name : plan.backends()) {
            BackendProvider provider = Backends.provider(name);
            if (!provider.availability().available()) {
                skipped.put(provider.name(), provider.availability().reason());
            } else if (provider.name().equals(SIMD)) {
                for (int t : plan.threads()) {
                    targets.add(new BenchTarget(new SimdBackend(t), t));
                }
            } else {
                targets.add(new BenchTarget(provider.create(), 1));
            }
        }
        for (BenchTarget t : targets) {
            if (t.memory().equals(BenchTarget.CPU_MEMORY)) {
                cpuProbes.computeIfAbsent(t.threads(), this::cpuProbe);
            }
        }
    }

    /**
     * Creates the plan's backends, skipping those that cannot run here ({@link #skipped()}).
     *
     * @throws IllegalArgumentException for a backend name no provider has
     */
    public static BenchSuite prepare(BenchPlan plan) {
        return new BenchSuite(plan, new StepTimer());
    }

    /** The backends that will run, each SIMD thread count on its own. */
    public List<BenchTarget> targets() {
        return Collections.unmodifiableList(targets);
    }

    /** The backends asked for that cannot run here, with the reason. */
    public Map<String, String> skipped() {
        return Collections.unmodifiableMap(skipped);
    }

    /**
     * The number of tasks the run has: warming the JIT up (for the bandwidth streams of each memory,
     * and for each optimizer on each backend), then measuring the bandwidths, then the cases.
     */
    public int tasks() {
        return distinctProbes().size() + plan.optimizers().size() * jitTargets().size() + bandwidthKeys().size()
                + plan.optimizers().size() * plan.layouts().size() * targets.size();
    }

    /** Measures everything, telling {@code progress} before each task. */
    public BenchResults run(ProgressListener progress) {
        long start = System.nanoTime();
        int total = tasks();
        int done = 0;
        BandwidthProbe probe = new BandwidthProbe(timer, plan.timing());
        // The JIT first: a kernel's first calls run interpreted, and the Vector API's interpreted code is
        // a hundred times slower than its compiled code. A case's own warm-up then only settles caches.
        long jitNanos = JIT_WARMUP_FACTOR * plan.timing().warmupNanos();
        long jitNanosEach = jitNanos / JIT_LAYOUTS.size();
        for (Map.Entry<String, Backend> p : distinctProbes().entrySet()) {
            progress.starting(done++, total, "JIT warm-up · bandwidth · " + p.getKey());
            for (Layout l : JIT_LAYOUTS) {
                probe.warmUp(p.getValue(), l.total(), jitNanosEach);
            }
        }
        for (String optimizer : plan.optimizers()) {
            for (BenchTarget target : jitTargets()) {
                progress.starting(done++, total, "JIT warm-up · " + optimizer + " · " + target.label());
                for (Layout l : JIT_LAYOUTS) {
                    try (StepCase c = StepCase.open(target.backend(), BenchmarkedOptimizers.spec(optimizer), l,
                            plan.mode(), "JIT warm-up of " + optimizer + " on " + target.label())) {
                        timer.run(jitNanosEach, c::step, c::sync);
                        c.requireFinite();
                    }
                }
            }
        }
        List<Bandwidth> bandwidths = new ArrayList<>();
        for (BandwidthKey k : bandwidthKeys()) {
            progress.starting(done++, total, "bandwidth · " + k.memory() + " ×" + k.threads() + " · "
                    + Sizes.compact(k.n()));
            bandwidths.add(probe.measure(probeBackend(k), k.memory(), k.threads(), k.n()));
        }
        List<BenchRow> rows = new ArrayList<>();
        for (String optimizer : plan.optimizers()) {
            for (Layout layout : plan.layouts()) {
                for (BenchTarget target : targets) {
                    String what = optimizer + " · " + target.label() + " · " + layout.label();
                    progress.starting(done++, total, what);
                    Measurement time = measure(target, optimizer, layout, what);
                    Bandwidth bw = find(bandwidths, target.memory(), target.threads(), layout.total());
                    rows.add(new BenchRow(optimizer, target.name(), target.threads(), layout, plan.mode(), time,
                            BytesPerElement.of(optimizer), bw, Double.NaN));
                }
            }
        }
        progress.starting(done, total, "done");
        return new BenchResults(MachineDescription.detect(), plan, bandwidths, withReference(rows), skipped,
                (System.nanoTime() - start) * 1e-9);
    }

    private Measurement measure(BenchTarget target, String optimizer, Layout layout, String what) {
        try (StepCase c = StepCase.open(target.backend(), BenchmarkedOptimizers.spec(optimizer), layout, plan.mode(),
                what)) {
            // The garbage of setting up (and of the case before) is collected now rather than during a timed run.
            System.gc();
            Measurement m = timer.measure(plan.timing(), c::step, c::sync);
            c.requireFinite();
            return m;
        }
    }

    /** Each row with the reference backend's median of the same optimizer and layout, where there is one. */
    private static List<BenchRow> withReference(List<BenchRow> rows) {
        List<BenchRow> out = new ArrayList<>(rows.size());
        for (BenchRow r : rows) {
            double reference = Double.NaN;
            for (BenchRow ref : rows) {
                if (ref.backend().equals(REFERENCE) && ref.optimizer().equals(r.optimizer())
                        && ref.layout().equals(r.layout())) {
                    reference = ref.time().medianNs();
                }
            }
            out.add(r.withReference(reference));
        }
        return out;
    }

    private record BandwidthKey(String memory, int threads, long n) {
    }

    /** Each bandwidth probe once, by a label for the progress line. */
    private Map<String, Backend> distinctProbes() {
        Map<String, Backend> probes = new LinkedHashMap<>();
        for (BandwidthKey k : bandwidthKeys()) {
            probes.putIfAbsent(k.memory() + " ×" + k.threads(), probeBackend(k));
        }
        return probes;
    }

    /**
     * One target per backend, the one with the most threads: compiled code is shared by every
     * instance of a backend, and the most threads take every path a step can take.
     */
    private List<BenchTarget> jitTargets() {
        Map<String, BenchTarget> widest = new LinkedHashMap<>();
        for (BenchTarget t : targets) {
            widest.merge(t.name(), t, (a, b) -> a.threads() >= b.threads() ? a : b);
        }
        return List.copyOf(widest.values());
    }

    /** Every memory, thread count and total size that a case needs a ceiling for, in a fixed order. */
    private List<BandwidthKey> bandwidthKeys() {
        List<BandwidthKey> keys = new ArrayList<>();
        for (BenchTarget t : targets) {
            for (Layout l : plan.layouts()) {
                BandwidthKey k = new BandwidthKey(t.memory(), t.threads(), l.total());
                if (!keys.contains(k)) {
                    keys.add(k);
                }
            }
        }
        return keys;
    }

    private Backend probeBackend(BandwidthKey k) {
        if (k.memory().equals(BenchTarget.CPU_MEMORY)) {
            return cpuProbes.get(k.threads());
        }
        for (BenchTarget t : targets) {
            if (t.memory().equals(k.memory())) {
                return t.backend();
            }
        }
        throw new IllegalStateException("no backend to measure the bandwidth of memory '" + k.memory() + "'");
    }

    /** The backend that streams the CPU's memory fastest on {@code threads} threads. */
    private Backend cpuProbe(int threads) {
        for (BenchTarget t : targets) {
            if (t.name().equals(SIMD) && t.threads() == threads) {
                return t.backend();
            }
        }
        if (Backends.provider(SIMD).availability().available()) {
            return new SimdBackend(threads);
        }
        return Backends.get(REFERENCE); // single-threaded: every CPU target is then the reference
    }

    private static Bandwidth find(List<Bandwidth> bandwidths, String memory, int threads, long n) {
        for (Bandwidth b : bandwidths) {
            if (b.isFor(memory, threads, n)) {
                return b;
            }
        }
        throw new IllegalStateException("no bandwidth measured for " + memory + " ×" + threads + " at " + n);
    }
}
