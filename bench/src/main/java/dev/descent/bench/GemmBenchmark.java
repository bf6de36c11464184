package dev.descent.bench;

import dev.descent.backend.Backend;
import dev.descent.backend.NetworkKernels;
import dev.descent.simd.SimdBackend;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import java.util.Random;
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
 * The float32 products of a 784-256-10 network trained with batch 128, on Descent's off-heap tensors:
 * Descent's own GEMM ({@code NetworkKernels} of the SIMD backend) against {@code dev.ludovic.netlib:blas},
 * the BLAS Spark uses — its pure-Java {@code sgemm} ({@code JavaBLAS.getInstance()}: {@code VectorBLAS}, the Vector API one, when the
 * incubator module is present) and its JNI shim to
 * the system's BLAS ({@code NativeBLAS}: OpenBLAS where {@code libopenblas0} provides
 * {@code libblas.so.3}). netlib takes {@code float[]} arrays, so its variants that work on Descent's
 * tensors ({@code impl = netlib-*}) copy both operands in and the result out on every call, as a
 * backend built on it would have to; {@code netlib-*-arrays} times its {@code sgemm} on arrays alone.
 *
 * <p>{@code shape}: {@code x_wt} = X[128,784]·W[256,784]ᵀ (forward), {@code dzt_h} = dZ[128,256]ᵀ·X[128,784]
 * (weight gradient), {@code dz_w} = dZ[128,256]·W[256,784] (gradient passed down), {@code h_wt} =
 * H[128,256]·W[10,256]ᵀ (the output layer). GFLOP/s = 2·m·n·k / time; docs/benchmarks.md has the table.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class GemmBenchmark {

    /** The product's shape and form (see the class comment). */
    @Param({"x_wt", "dzt_h", "dz_w", "h_wt"})
    public String shape;

    /** {@code descent}, {@code netlib-java}, {@code netlib-native}, {@code netlib-java-arrays} or {@code netlib-native-arrays}. */
    @Param({"descent", "netlib-java", "netlib-java-arrays", "netlib-native", "netlib-native-arrays"})
    public String impl;

    /** Threads of Descent's SIMD backend (netlib's Java sgemm is single-threaded; the native one is OpenBLAS's own). */
    @Param({"1"})
    public int threads;

    private Backend backend;
    private NetworkKernels kernels;
    private Tensor a;
    private Tensor b;
    private Tensor out;
    private float[] aArray;
    private float[] bArray;
    private float[] outArray;
    private BLAS blas;
    private int m;
    private int n;
    private int k;

    @Setup(Level.Trial)
    public void setUp() {
        int[] mkn = switch (shape) {
            case "x_wt" -> new int[] {128, 784, 256};
            case "dzt_h" -> new int[] {256, 128, 784};
            case "dz_w" -> new int[] {128, 256, 784};
            case "h_wt" -> new int[] {128, 256, 10};
            default -> throw new IllegalArgumentException("unknown shape " + shape);
        };
        m = mkn[0];
        k = mkn[1];
        n = mkn[2];
        backend = new SimdBackend(threads);
        kernels = backend.networkKernels();
        long[] aShape = shape.equals("dzt_h") ? new long[] {k, m} : new long[] {m, k};
        long[] bShape = shape.endsWith("wt") ? new long[] {n, k} : new long[] {k, n};
        a = filled("a", aShape, 1);
        b = filled("b", bShape, 2);
        out = backend.allocate("out", DType.FLOAT32, m, n);
        aArray = new float[Math.toIntExact(a.size())];
        bArray = new float[Math.toIntExact(b.size())];
        outArray = new float[m * n];
        a.copyTo(aArray);
        b.copyTo(bArray);
        if (impl.startsWith("netlib-native")) {
            requireOneBlasThread();
        }
        if (impl.startsWith("netlib")) {
            blas = impl.startsWith("netlib-java") ? JavaBLAS.getInstance() : NativeBLAS.getInstance();
            System.out.println("# netlib " + impl + ": " + blas.getClass().getName());
            checkAgainstDescent();
        }
    }

    /**
     * Refuses to time the native BLAS unless {@code OPENBLAS_NUM_THREADS=1}: OpenBLAS reads the variable
     * once, when it loads, and otherwise runs {@code sgemm} on every core, which made an earlier "one
     * thread" table compare Descent on one core with OpenBLAS on two.
     */
    static void requireOneBlasThread() {
        String threads = System.getenv("OPENBLAS_NUM_THREADS");
        if (!"1".equals(threads)) {
            throw new IllegalStateException("netlib-native times OpenBLAS, which runs on every core unless told"
                    + " otherwise: run with OPENBLAS_NUM_THREADS=1 in the environment (it is "
                    + (threads == null ? "unset" : "'" + threads + "'") + ")");
        }
    }

    private Tensor filled(String name, long[] shape, long seed) {
        Tensor t = backend.allocate(name, DType.FLOAT32, shape);
        float[] values = new float[Math.toIntExact(t.size())];
        Random random = new Random(seed);
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextFloat() * 2 - 1;
        }
        t.copyFrom(values);
        return t;
    }

    /** netlib's result must be Descent's within float32 rounding, or the strides below are wrong. */
    private void checkAgainstDescent() {
        descent();
        float[] expected = new float[m * n];
        out.copyTo(expected);
        sgemm();
        for (int e = 0; e < expected.length; e++) {
            if (Math.abs(expected[e] - outArray[e]) > 1e-3f * (1 + Math.abs(expected[e]))) {
                throw new IllegalStateException(impl + " " + shape + " element " + e + ": " + outArray[e]
                        + " against Descent's " + expected[e]);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        a.close();
        b.close();
        out.close();
    }

    @Benchmark
    public Object product() {
        switch (impl) {
            case "descent" -> descent();
            case "netlib-java", "netlib-native" -> {
                a.copyTo(aArray); // a backend on float[] BLAS copies its tensors in and the result out
                b.copyTo(bArray);
                sgemm();
                out.copyFrom(outArray);
            }
            default -> sgemm();
        }
        return out;
    }

    /** The multiply-adds of one product, {@code m·n·k}. */
    double flopsPerCall() {
        return (double) m * n * k;
    }

    private void descent() {
        switch (shape) {
            case "dzt_h" -> kernels.matMulTransposeA(a, b, out, false);
            case "dz_w" -> kernels.matMul(a, b, out, false);
            default -> kernels.matMulTransposeB(a, b, out, false);
        }
    }

    /**
     * The row-major product through column-major BLAS: row-major {@code C = op(A)·op(B)} is column-major
     * {@code Cᵀ = op(B)ᵀ·op(A)ᵀ}, and a row-major array read column-major is its transpose.
     */
    private void sgemm() {
        switch (shape) {
            case "dzt_h" -> blas.sgemm("N", "T", n, m, k, 1f, bArray, n, aArray, m, 0f, outArray, n);
            case "dz_w" -> blas.sgemm("N", "N", n, m, k, 1f, bArray, n, aArray, k, 0f, outArray, n);
            default -> blas.sgemm("T", "N", n, m, k, 1f, bArray, k, aArray, k, 0f, outArray, n);
        }
    }
}
