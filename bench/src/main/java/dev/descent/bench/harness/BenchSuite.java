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

    /** The number of measurements the run makes: the bandwidths, then the cases. */
    public int tasks() {
        return bandwidthKeys().size() + plan.optimizers().size() * plan.layouts().size() * targets.size();
    }

    /** Measures everything, telling {@code progress} before each measurement. */
    public BenchResults run(ProgressListener progress) {
        long start = System.nanoTime();
        int total = tasks();
        int done = 0;
        BandwidthProbe probe = new BandwidthProbe(timer, plan.timing());
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
