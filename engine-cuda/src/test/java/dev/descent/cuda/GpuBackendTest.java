package dev.descent.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.descent.backend.Availability;
import dev.descent.backend.Backends;
import dev.descent.optim.Adam;
import dev.descent.optim.Optimizer;
import dev.descent.optim.ParamGroup;
import dev.descent.optim.Parameter;
import dev.descent.optim.Sgd;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import dev.descent.testing.HyperCase;
import dev.descent.testing.HyperCases;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CUDA backend on a real GPU: what the emulator cannot show (the driver calls, the pinned staging,
 * the hardware's arithmetic), held to the same standard: optimizer steps, elementwise operations and
 * linear combinations equal to the reference bit for bit, reductions (dots among them) within their
 * bound, the objective kernels as {@link ObjectiveAgreement} states. Skipped, naming the reason,
 * wherever the backend is unavailable; {@code scripts/gpu-check.sh} runs it on a GPU machine.
 */
class GpuBackendTest {

    private static final int STEPS = 6;
    private static final int[] SIZES = {1, 3, 4, 5, 1000, 4097, 100_003, 1 << 20, (1 << 24) + 1};

    /** Sizes of the multi-tensor and objective checks: up to a million elements (the reference's time and memory). */
    private static final int[] OBJECTIVE_SIZES = {1, 5, 4097, 100_003, (1 << 20) + 3};

    /** {rows, cols} of the matrix-vector checks: square, tall and thin, short and wide, several segments. */
    private static final int[][] SHAPES = {{1, 1}, {9, 33}, {1000, 1000}, {100_003, 7}, {7, 100_003}, {4097, 300}};

    private static CudaBackend cuda;
    private static String whyNot;

    @BeforeAll
    static void probe() {
        Availability a = new CudaBackendProvider().availability();
        if (a.available()) {
            cuda = (CudaBackend) Backends.get("cuda");
        } else {
            whyNot = a.reason();
        }
    }

    private static void requireGpu() {
        assumeTrue(cuda != null, () -> "backend 'cuda' unavailable: " + whyNot);
    }

    static Stream<Arguments> optimizerCases() {
        List<Arguments> all = new ArrayList<>();
        for (HyperCase c : HyperCases.all()) {
            for (int[] group : KernelAgreement.GROUPS) {
                all.add(Arguments.of(c, Arrays.toString(group), group, false));
            }
            all.add(Arguments.of(c, "[100003, 257, 3] with NaN, ±Infinity, ±0, subnormals", new int[] {100_003, 257, 3}, true));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("optimizerCases")
    void optimizerStepsEqualTheReferenceBitForBit(HyperCase c, String label, int[] sizes, boolean specials) {
        requireGpu();
        KernelAgreement.assertOptimizerAgrees(cuda, c, sizes, specials, STEPS);
    }

    static Stream<Arguments> vectorCases() {
        return DType.computed().stream().flatMap(d -> IntStream.of(SIZES).mapToObj(n -> Arguments.of(d, n)));
    }

    @ParameterizedTest(name = "{0}, n={1}")
    @MethodSource("vectorCases")
    void elementwiseOperationsEqualTheReference(DType dtype, int n) {
        requireGpu();
        KernelAgreement.assertElementwiseAgrees(cuda, dtype, n);
    }

    @ParameterizedTest(name = "{0}, n={1}")
    @MethodSource("vectorCases")
    void reductionsAgreeWithTheReference(DType dtype, int n) {
        requireGpu();
        KernelAgreement.assertReductionsAgree(cuda, dtype, n);
    }

    static Stream<Arguments> objectiveCases() {
        return DType.computed().stream().flatMap(d -> IntStream.of(OBJECTIVE_SIZES).mapToObj(n -> Arguments.of(d, n)));
    }

    static Stream<Arguments> shapes() {
        return DType.computed().stream().flatMap(d -> Stream.of(SHAPES).map(s -> Arguments.of(d, s[0], s[1])));
    }

    @ParameterizedTest(name = "{0}, n={1}")
    @MethodSource("objectiveCases")
    void multiTensorOperationsAgreeWithTheReference(DType dtype, int n) {
        requireGpu();
        KernelAgreement.assertLinearCombinationAgrees(cuda, dtype, n);
        KernelAgreement.assertDotsAgree(cuda, dtype, n);
    }

    @ParameterizedTest(name = "{0}, {1} × {2}")
    @MethodSource("shapes")
    void matrixVectorProductsAgreeWithTheReference(DType dtype, int rows, int cols) {
        requireGpu();
        ObjectiveAgreement.assertMatVecAgrees(cuda, dtype, rows, cols);
        ObjectiveAgreement.assertMatTransposeVecAgrees(cuda, dtype, rows, cols);
    }

    @ParameterizedTest(name = "{0}, n={1}")
    @MethodSource("objectiveCases")
    void objectiveKernelsAgreeWithTheReference(DType dtype, int n) {
        requireGpu();
        ObjectiveAgreement.assertRosenbrockAgrees(cuda, dtype, n + (n & 1));
        ObjectiveAgreement.assertLogisticAgrees(cuda, dtype, n);
    }

    @Test
    void anOptimizerOverSeveralGroupsEqualsTheReference() {
        requireGpu();
        SplittableRandom random = new SplittableRandom(3);
        int[] sizes = {70_001, 5, 8192};
        try (Run ours = new Run(cuda, sizes); Run theirs = new Run(KernelAgreement.REFERENCE, sizes)) {
            for (int step = 0; step < 10; step++) {
                for (int k = 0; k < sizes.length; k++) {
                    float[] g = TestData.gaussian(random, sizes[k], 0.5f, 0.1);
                    ours.grads.get(k).copyFrom(g);
                    theirs.grads.get(k).copyFrom(g);
                }
                assertTrue(ours.optimizer.step());
                assertTrue(theirs.optimizer.step());
                for (int k = 0; k < sizes.length; k++) {
                    KernelAgreement.assertBitwiseEqual(Map.of("param", theirs.params.get(k).toFloatArray()),
                            Map.of("param", ours.params.get(k).toFloatArray()), "step " + step + ", tensor " + k);
                }
            }
        }
    }

    @Test
    void transfersBeyondTwoGibibytesRoundTrip() {
        requireGpu();
        long n = (1L << 29) + 5; // 2 GiB + 20 bytes of float32
        try (Arena arena = Arena.ofConfined(); Tensor t = cuda.allocate("big", DType.FLOAT32, n)) {
            MemorySegment host = arena.allocate(ValueLayout.JAVA_FLOAT, n);
            for (long i = 0; i < n; i++) {
                host.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) (i % 1_000_003));
            }
            t.copyFrom(host);
            cuda.vectorOps().scale(0.5, t);
            host.fill((byte) 0);
            t.copyTo(host);
            for (long i = 0; i < n; i++) {
                float want = (float) (i % 1_000_003) * 0.5f;
                if (host.getAtIndex(ValueLayout.JAVA_FLOAT, i) != want) {
                    throw new AssertionError("element " + i + ": " + host.getAtIndex(ValueLayout.JAVA_FLOAT, i) + " != " + want);
                }
            }
        }
    }

    @Test
    void conversionsRoundTripAcrossStagingChunks() {
        requireGpu();
        int n = 3 * (PinnedStaging.HALF_BYTES / 8) + 11; // three chunks of doubles and a bit
        double[] d = TestData.doubles(new SplittableRandom(4), n);
        try (Tensor t32 = cuda.allocate("f", DType.FLOAT32, n); Tensor t64 = cuda.fromArray("d", d)) {
            t32.copyFrom(d);
            float[] f = t32.toFloatArray();
            double[] back = t64.toDoubleArray();
            for (int i = 0; i < n; i++) {
                assertEquals(Float.floatToIntBits((float) d[i]), Float.floatToIntBits(f[i]), "element " + i);
                assertEquals(Double.doubleToLongBits(d[i]), Double.doubleToLongBits(back[i]), "element " + i);
            }
        }
    }

    @Test
    void outOfMemoryNamesTheBytesRequestedAndFreeAndTheBackendWorksAfterIt() {
        requireGpu();
        long[] info = ((JCudaDevice) cuda.device()).memoryInfo();
        long request = info[1] + (1L << 30); // more than the whole device
        CudaOutOfMemoryException e = assertThrows(CudaOutOfMemoryException.class,
                () -> cuda.allocate("too big", DType.FLOAT32, request / 4));
        assertEquals(request / 4 * 4, e.requestedBytes());
        assertTrue(e.freeBytes() > 0 && e.freeBytes() <= info[1], e.getMessage());
        assertTrue(e.getMessage().contains("tensor 'too big'"), e.getMessage());
        // The backend works again at once: a tensor that fits is allocated, written and read back.
        try (Tensor after = cuda.fromArray("after the failure", new float[] {1, 2, 3})) {
            assertArrayEquals(new float[] {1, 2, 3}, after.toFloatArray(), 0f);
        }
        assertEquals(info[0], ((JCudaDevice) cuda.device()).memoryInfo()[0], 64L << 20,
                "the failed request left no device memory allocated (free memory within 64 MiB of before)");
    }

    @Test
    void closingFreesDeviceMemory() {
        requireGpu();
        JCudaDevice device = (JCudaDevice) cuda.device();
        long before = device.memoryInfo()[0];
        Tensor t = cuda.allocate("gib", DType.FLOAT32, 1L << 28);
        long during = device.memoryInfo()[0];
        t.close();
        long after = device.memoryInfo()[0];
        assertTrue(before - during >= (1L << 30), before + " → " + during);
        assertTrue(after - during >= (1L << 30), during + " → " + after);
    }

    @Test
    void anotherThreadCanUseTheBackend() throws InterruptedException {
        requireGpu();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        float[] result = new float[3];
        Thread thread = new Thread(() -> {
            try (Tensor t = cuda.fromArray("t", new float[] {1, 2, 3})) {
                cuda.vectorOps().scale(2, t);
                t.copyTo(result);
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        thread.start();
        thread.join();
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        assertEquals(List.of(2f, 4f, 6f), List.of(result[0], result[1], result[2]));
    }

    @Test
    void theDeviceDescribesItself() {
        requireGpu();
        assertTrue(cuda.deviceDescription().contains("compute capability"), cuda.deviceDescription());
    }

    /** Parameters in two groups (Adam and SGD with momentum) under one optimizer. */
    private static final class Run implements AutoCloseable {
        final List<Tensor> params = new ArrayList<>();
        final List<Tensor> grads = new ArrayList<>();
        final Optimizer optimizer;

        Run(dev.descent.backend.Backend backend, int[] sizes) {
            List<Parameter> first = new ArrayList<>();
            List<Parameter> second = new ArrayList<>();
            for (int k = 0; k < sizes.length; k++) {
                Tensor p = backend.fromArray("p" + k, TestData.gaussian(new SplittableRandom(k), sizes[k], 1f, 0));
                Tensor g = backend.allocate("g" + k, DType.FLOAT32, sizes[k]);
                params.add(p);
                grads.add(g);
                (k == 0 ? first : second).add(new Parameter(p, g));
            }
            optimizer = Optimizer.builder(backend)
                    .group(ParamGroup.of(Adam.defaults().withAmsgrad(true), first))
                    .group(ParamGroup.of(Sgd.defaults().withMomentum(0.9).withLr(0.01), second))
                    .build();
        }

        @Override
        public void close() {
            optimizer.close();
            params.forEach(Tensor::close);
            grads.forEach(Tensor::close);
        }
    }
}
