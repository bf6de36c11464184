package dev.descent.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The memory bandwidth every streaming kernel is bounded by, measured in the same run: STREAM's
 * copy ({@code b = a}, 8 bytes per element) and triad ({@code a = b + s·c}, 12 bytes) over
 * 64-byte-aligned off-heap float segments, written with the Vector API at the preferred width as
 * the SIMD backend's kernels are. An optimizer's GB/s divided by copy's at the same size and thread
 * count says how close to the memory system it runs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class BandwidthBaselineBenchmark {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final float SCALAR = 3f;

    /** {@code copy} or {@code triad} (names as in {@link BytesPerElement}). */
    @Param({"copy", "triad"})
    public String kernel;

    /** Elements per array. */
    @Param({"1000", "100000", "10000000"})
    public int size;

    /** Threads sharing the loop. */
    @Param({"1", "2"})
    public int threads;

    private Arena arena;
    private MemorySegment a;
    private MemorySegment b;
    private MemorySegment c;
    private RangeSplitter splitter;
    private RangeSplitter.RangeTask body;

    /** Allocates and fills the three segments and starts the threads. */
    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofShared();
        a = arena.allocate((long) size * Float.BYTES, 64);
        b = arena.allocate((long) size * Float.BYTES, 64);
        c = arena.allocate((long) size * Float.BYTES, 64);
        for (long i = 0; i < size; i++) {
            a.setAtIndex(FLOAT, i, 1f);
            b.setAtIndex(FLOAT, i, 2f);
            c.setAtIndex(FLOAT, i, 0.5f);
        }
        splitter = new RangeSplitter(threads);
        body = switch (kernel) {
            case "copy" -> (from, to) -> copy(a, b, from, to);
            case "triad" -> (from, to) -> triad(a, b, c, from, to);
            default -> throw new IllegalArgumentException("kernel = '" + kernel + "' is not one of copy, triad");
        };
    }

    /** One pass of the kernel over all {@code size} elements. */
    @Benchmark
    public void pass() {
        splitter.run(size, body);
    }

    /** Stops the threads and frees the segments. */
    @TearDown(Level.Trial)
    public void tearDown() {
        splitter.close();
        arena.close();
    }

    /** {@code dst[i] = src[i]} for i in {@code [from, to)}. */
    static void copy(MemorySegment src, MemorySegment dst, long from, long to) {
        long i = from;
        for (long upper = from + SPECIES.loopBound(to - from); i < upper; i += SPECIES.length()) {
            FloatVector.fromMemorySegment(SPECIES, src, i * Float.BYTES, ORDER)
                    .intoMemorySegment(dst, i * Float.BYTES, ORDER);
        }
        for (; i < to; i++) {
            dst.setAtIndex(FLOAT, i, src.getAtIndex(FLOAT, i));
        }
    }

    /** {@code a[i] = b[i] + s·c[i]} for i in {@code [from, to)} (a multiply and an add, no FMA). */
    static void triad(MemorySegment a, MemorySegment b, MemorySegment c, long from, long to) {
        long i = from;
        for (long upper = from + SPECIES.loopBound(to - from); i < upper; i += SPECIES.length()) {
            FloatVector vb = FloatVector.fromMemorySegment(SPECIES, b, i * Float.BYTES, ORDER);
            FloatVector vc = FloatVector.fromMemorySegment(SPECIES, c, i * Float.BYTES, ORDER);
            vb.add(vc.mul(SCALAR)).intoMemorySegment(a, i * Float.BYTES, ORDER);
        }
        for (; i < to; i++) {
            a.setAtIndex(FLOAT, i, b.getAtIndex(FLOAT, i) + SCALAR * c.getAtIndex(FLOAT, i));
        }
    }
}
