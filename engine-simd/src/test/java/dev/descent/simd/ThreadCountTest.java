package dev.descent.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.kernel.RpropVariant;
import dev.descent.optim.Adam;
import dev.descent.optim.Gains;
import dev.descent.optim.OptimizerSpec;
import dev.descent.optim.RmsProp;
import dev.descent.optim.Rprop;
import dev.descent.optim.Sgd;
import dev.descent.reference.ReferenceBackend;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Results do not depend on the number of threads: the chunks of a call are fixed by the tensor sizes,
 * each element's update is independent of the others, and reductions combine fixed blocks in block
 * order. Exact equality is asserted, since any difference would be a bug, not rounding.
 */
class ThreadCountTest {

    /** One large tensor with a partial last chunk and 300 small ones: above the threshold, packed across tensors. */
    private static final long[] SIZES = sizes();
    private static final int STEPS = 4;

    private static long[] sizes() {
        long[] s = new long[301];
        s[0] = 3L * Chunks.CHUNK + 1234;
        Arrays.fill(s, 1, s.length, 1003);
        return s;
    }

    static Stream<OptimizerSpec> settings() {
        return Stream.of(Sgd.defaults().withMomentum(0.9).withNesterov(true), Adam.defaults().withAmsgrad(true),
                RmsProp.defaults().withCentered(true).withMomentum(0.9),
                Rprop.defaults().withVariant(RpropVariant.RPROP_PLUS), Gains.defaults().withMomentum(0.9));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void oneTwoAndThreeThreadsAgreeWithTheReferenceBitForBit(OptimizerSpec spec) {
        assertTrue(Arrays.stream(SIZES).sum() >= ChunkScheduler.PARALLEL_THRESHOLD,
                "the group must take the threaded path");
        try (OptimizerRun reference = new OptimizerRun(new ReferenceBackend(), spec, SIZES, 3);
                OptimizerRun one = new OptimizerRun(new SimdBackend(1), spec, SIZES, 3);
                OptimizerRun two = new OptimizerRun(new SimdBackend(2), spec, SIZES, 3);
                OptimizerRun three = new OptimizerRun(new SimdBackend(3), spec, SIZES, 3)) {
            Random random = new Random(11);
            for (int t = 1; t <= STEPS; t++) {
                float[][] gradients = OptimizerRun.gradients(random, SIZES);
                for (OptimizerRun run : new OptimizerRun[] {reference, one, two, three}) {
                    run.step(gradients, 1.0 / t);
                }
                one.assertBitwiseEqual(reference, spec + ", 1 thread, step " + t);
                two.assertBitwiseEqual(reference, spec + ", 2 threads, step " + t);
                three.assertBitwiseEqual(reference, spec + ", 3 threads, step " + t);
            }
        }
    }

    @Test
    void reductionsAreTheSameForEveryThreadCount() {
        int n = 1_000_003;
        Random random = new Random(5);
        float[] a = new float[n];
        float[] b = new float[n];
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) random.nextGaussian();
            b[i] = (float) random.nextGaussian();
            x[i] = random.nextGaussian() * 1e3;
        }
        double[] expected = null;
        for (int threads = 1; threads <= 4; threads++) {
            SimdBackend simd = new SimdBackend(threads);
            try (Tensor ta = simd.fromArray("a", a);
                    Tensor tb = simd.fromArray("b", b);
                    Tensor tx = simd.fromArray("x", x)) {
                double[] results = {simd.vectorOps().dot(ta, tb), simd.vectorOps().norm2(ta), simd.vectorOps().maxAbs(tb), simd.vectorOps().dot(tx, tx),
                        simd.vectorOps().norm2(tx), simd.vectorOps().maxAbs(tx)};
                if (expected == null) {
                    expected = results;
                } else {
                    for (int k = 0; k < results.length; k++) {
                        assertEquals(Double.doubleToRawLongBits(expected[k]), Double.doubleToRawLongBits(results[k]),
                                "result " + k + " with " + threads + " threads: " + results[k] + " vs " + expected[k]);
                    }
                }
            }
        }
    }

    @Test
    void elementwiseOperationsOverLargeTensorsAreTheSameForEveryThreadCount() {
        int n = 500_009;
        Random random = new Random(9);
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextGaussian();
            y[i] = random.nextGaussian();
        }
        double[] expected = null;
        for (int threads = 1; threads <= 3; threads++) {
            SimdBackend simd = new SimdBackend(threads);
            try (Tensor tx = simd.fromArray("x", x); Tensor ty = simd.fromArray("y", y);
                    Tensor out = simd.allocate("out", DType.FLOAT64, n)) {
                simd.vectorOps().axpy(0.3, tx, ty);
                simd.vectorOps().divide(ty, tx, out);
                simd.vectorOps().multiply(out, ty, out);
                simd.vectorOps().scale(-1.5, out);
                double[] result = out.toDoubleArray();
                if (expected == null) {
                    expected = result;
                } else {
                    assertTrue(Arrays.equals(expected, result), threads + " threads differ from 1");
                }
            }
        }
    }
}
