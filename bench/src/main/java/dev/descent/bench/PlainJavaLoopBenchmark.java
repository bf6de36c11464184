package dev.descent.bench;

import java.util.concurrent.TimeUnit;
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
 * What plain Java gives: Adam and SGD with momentum written as one loop over {@code float[]}
 * arrays, with the reference's arithmetic (no FMA) and nothing else — no tensors, no checks, no
 * non-finite scan — left to C2's auto-vectorisation. Two threads split the arrays in halves
 * ({@link RangeSplitter}).
 *
 * <p>The scalars are those of Adam's step 10 with torch's defaults and of SGD with lr 1e-3 and
 * μ 0.9; the fused C loops in {@code bench/c} use the same ones.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class PlainJavaLoopBenchmark {

    // Adam, step 10, lr 1e-3, betas (0.9, 0.999), eps 1e-8: lr / (1 - 0.9^10) and sqrt(1 - 0.999^10).
    private static final float STEP_SIZE = (float) (1e-3 / (1 - Math.pow(0.9, 10)));
    private static final float BIAS_CORRECTION2_SQRT = (float) Math.sqrt(1 - Math.pow(0.999, 10));
    private static final float BETA1 = 0.9f;
    private static final float ONE_MINUS_BETA1 = 0.1f;
    private static final float BETA2 = 0.999f;
    private static final float ONE_MINUS_BETA2 = (float) (1 - 0.999);
    private static final float EPS = 1e-8f;

    // SGD: lr 1e-3, momentum 0.9, no dampening.
    private static final float LR = 1e-3f;
    private static final float MOMENTUM = 0.9f;
    private static final float ONE_MINUS_DAMPENING = 1f;

    /** The loop: {@code adam} or {@code sgd-momentum} (names as in {@link BytesPerElement}). */
    @Param({"adam", "sgd-momentum"})
    public String loop;

    /** Elements per array. */
    @Param({"1000", "100000", "10000000"})
    public int size;

    /** Threads sharing the loop. */
    @Param({"1", "2"})
    public int threads;

    private float[] p;
    private float[] g;
    private float[] m;
    private float[] v;
    private RangeSplitter splitter;
    private RangeSplitter.RangeTask body;

    /** Fills the arrays and starts the threads. */
    @Setup(Level.Trial)
    public void setUp() {
        p = BenchData.params(size);
        g = BenchData.gradients(size);
        m = new float[size];
        v = new float[size];
        splitter = new RangeSplitter(threads);
        body = switch (loop) {
            case "adam" -> (from, to) -> adam(p, g, m, v, (int) from, (int) to);
            case "sgd-momentum" -> (from, to) -> sgdMomentum(p, g, m, (int) from, (int) to);
            default -> throw new IllegalArgumentException("loop = '" + loop + "' is not one of adam, sgd-momentum");
        };
    }

    /** One step of the loop over all {@code size} elements. */
    @Benchmark
    public void step() {
        splitter.run(size, body);
    }

    /** Stops the threads. */
    @TearDown(Level.Trial)
    public void tearDown() {
        splitter.close();
    }

    /** The reference's Adam rule (no decay, no AMSGrad) over {@code [from, to)}. */
    static void adam(float[] p, float[] g, float[] m, float[] v, int from, int to) {
        for (int i = from; i < to; i++) {
            float d = g[i];
            float mi = BETA1 * m[i] + ONE_MINUS_BETA1 * d;
            float vi = BETA2 * v[i] + ONE_MINUS_BETA2 * d * d;
            m[i] = mi;
            v[i] = vi;
            float denom = (float) Math.sqrt(vi) / BIAS_CORRECTION2_SQRT + EPS;
            p[i] = p[i] + -STEP_SIZE * mi / denom;
        }
    }

    /** The reference's SGD rule after step 1 (momentum, no Nesterov, no decay) over {@code [from, to)}. */
    static void sgdMomentum(float[] p, float[] g, float[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            float bi = MOMENTUM * b[i] + ONE_MINUS_DAMPENING * g[i];
            b[i] = bi;
            p[i] = p[i] - LR * bi;
        }
    }
}
