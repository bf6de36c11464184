package dev.descent.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.descent.backend.ParameterSlots;
import dev.descent.kernel.AdamCoefficients;
import dev.descent.kernel.GradientClip;
import dev.descent.kernel.KernelLayout;
import dev.descent.reference.ReferenceBackend;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The kernels' element-at-a-time paths, which the backend never takes (its tensors are whole, 256-byte
 * aligned allocations, so always vectorized): launched here by hand on operands 4 bytes past an
 * aligned address, so that the host marks them unaligned ({@link Alignment}), and held to the
 * reference bit for bit. The emulator's UndefinedBehaviorSanitizer would report a float4 access to
 * such an address, so these runs also show that the host's alignment choice reaches the kernels.
 */
class EmulatedKernelPathsTest extends EmulatedBackendTestBase {

    @Test
    void fusedStepOnUnalignedTensorsEqualsTheReference() {
        assumeTrue(device != null, () -> "no kernel emulator: " + Emulator.whyNot());
        int[] sizes = {8193, 6, 1};
        SplittableRandom random = new SplittableRandom(5);
        AdamCoefficients c = new AdamCoefficients(1e-3f / 0.1f, (float) Math.sqrt(1 - 0.999), 0.9f, 0.1f, 0.999f, 0.001f,
                1e-8f, 0.01f, 1f, true, false);
        ReferenceBackend reference = new ReferenceBackend();
        List<ParameterSlots> slots = new ArrayList<>();
        long[][] addresses = new long[sizes.length][KernelLayout.maxSlots()];
        long[] lengths = new long[sizes.length];
        List<Long> allocations = new ArrayList<>();
        List<float[][]> inputs = new ArrayList<>();
        for (int t = 0; t < sizes.length; t++) {
            int n = sizes[t];
            float[][] data = new float[5][];
            Map<String, Tensor> state = new LinkedHashMap<>();
            String[] names = {"param", "grad", "exp_avg", "exp_avg_sq", "max_exp_avg_sq"};
            for (int s = 0; s < 5; s++) {
                data[s] = TestData.withSpecials(random, n, s == 3 || s == 4 ? 0.01f : 1f);
                if (s >= 3) {
                    for (int i = 0; i < n; i++) {
                        data[s][i] = Math.abs(data[s][i]); // second moments are never negative
                    }
                }
                long base = device.allocate(4L * n + 16, "operand");
                allocations.add(base);
                addresses[t][s] = base + 4;
                float[] values = data[s];
                device.upload(base + 4, n, 4, (chunk, first, count) ->
                        MemorySegment.copy(values, (int) first, chunk, ValueLayout.JAVA_FLOAT_UNALIGNED, 0, count));
                if (s >= 2) {
                    state.put(names[s], reference.fromArray(names[s], values));
                }
            }
            inputs.add(data);
            lengths[t] = n;
            slots.add(new ParameterSlots(reference.fromArray("p", data[0]), reference.fromArray("g", data[1]), state));
        }
        TensorTable table = TensorTable.build(addresses, lengths);
        for (int t = 0; t < sizes.length; t++) {
            assertFalse(table.vectorized(t), "tensor " + t + " is 4 bytes past an aligned address");
        }
        long tableAddress = device.allocate(table.bytes().byteSize(), "table");
        device.upload(tableAddress, table.bytes().byteSize() / 8, 8, (chunk, first, count) ->
                MemorySegment.copy(table.bytes(), first * 8, chunk, 0, count * 8L));
        int grid = LaunchGeometry.fused(table.chunks(), device.multiprocessors(), device.residentBlocks(Kernel.optimizer(AdamCoefficients.LAYOUT)));
        device.launch(grid, KernelParams.of(Kernel.optimizer(AdamCoefficients.LAYOUT)).address(tableAddress)
                .address(tableAddress + table.chunkMapOffset()).i32(table.chunks()).i32(0b11111)
                .struct(CoefficientWords.of(c)).struct(CoefficientWords.of(GradientClip.NONE)));
        reference.optimizerKernels().step(c, slots);
        for (int t = 0; t < sizes.length; t++) {
            ParameterSlots s = slots.get(t);
            Tensor[] expected = {s.param(), s.grad(), s.state("exp_avg"), s.state("exp_avg_sq"), s.state("max_exp_avg_sq")};
            for (int k = 0; k < 5; k++) {
                float[] out = new float[sizes[t]];
                device.download(addresses[t][k], sizes[t], 4, (chunk, first, count) ->
                        MemorySegment.copy(chunk, ValueLayout.JAVA_FLOAT_UNALIGNED, 0, out, (int) first, count));
                float[] want = expected[k].toFloatArray();
                for (int i = 0; i < out.length; i++) {
                    assertEquals(Float.floatToIntBits(want[i]), Float.floatToIntBits(out[i]),
                            "tensor " + t + " slot " + k + " element " + i);
                }
            }
        }
        allocations.forEach(device::free);
        device.free(tableAddress);
    }

    @Test
    void elementwiseAndReductionKernelsOnUnalignedOperandsEqualTheReference() {
        assumeTrue(device != null, () -> "no kernel emulator: " + Emulator.whyNot());
        int n = 4099;
        SplittableRandom random = new SplittableRandom(9);
        double[] a = TestData.doubles(random, n);
        double[] b = TestData.doubles(random, n);
        ReferenceBackend reference = new ReferenceBackend();
        long base = device.allocate(8L * (3 * n + 8), "operands");
        long xa = base + 8;           // 8-byte aligned, not 16: doubles move one at a time
        long xb = xa + 8L * n + 8;
        long partials = device.allocate(8L * (ReductionPlan.MAX_BLOCKS + 1), "partials");
        assertFalse(Alignment.vectorizable(xa, xb));
        upload(xa, a);
        upload(xb, b);
        device.launch(LaunchGeometry.elementwise(n, 2, false, 2, 2), KernelParams.of(Kernel.MULTIPLY_F64)
                .address(xa).address(xb).address(xb).i64(n).i32(0));
        device.launch(ReductionPlan.blocks(n), KernelParams.of(Kernel.MAX_ABS_F64).address(xb).i64(n).i32(0).address(partials));
        device.launch(1, KernelParams.of(Kernel.MAX_PARTIALS).address(partials).i32(ReductionPlan.blocks(n))
                .address(partials + 8L * ReductionPlan.MAX_BLOCKS));
        try (Tensor ra = reference.fromArray("a", a); Tensor rb = reference.fromArray("b", b)) {
            reference.vectorOps().multiply(ra, rb, rb);
            double[] want = rb.toDoubleArray();
            double[] got = download(xb, n);
            for (int i = 0; i < n; i++) {
                assertEquals(Double.doubleToLongBits(want[i]), Double.doubleToLongBits(got[i]), "element " + i);
            }
            double max = download(partials + 8L * ReductionPlan.MAX_BLOCKS, 1)[0];
            assertEquals(reference.vectorOps().maxAbs(rb), max);
            assertTrue(Double.isNaN(max) || max > 0);
        }
        device.free(base);
        device.free(partials);
    }

    @Test
    void linearCombinationAndLogisticKernelsOnUnalignedOperandsEqualTheirTwins() {
        assumeTrue(device != null, () -> "no kernel emulator: " + Emulator.whyNot());
        int n = 1003;
        SplittableRandom random = new SplittableRandom(11);
        double[][] v = {TestData.doubles(random, n), TestData.doubles(random, n), TestData.doubles(random, n)};
        double[] c = {0.5, -3, 1e-3};
        double[] labels = new double[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextBoolean() ? 1 : -1;
        }
        ReferenceBackend reference = new ReferenceBackend();
        long base = device.allocate(8L * (5 * (n + 2)), "operands");
        long[] at = new long[5]; // three terms, the output, the labels: each 8 bytes past a 16-byte boundary
        for (int k = 0; k < at.length; k++) {
            at[k] = base + 8 + 16L * k * ((n + 2) / 2);
        }
        assertFalse(Alignment.vectorizable(at));
        for (int k = 0; k < 3; k++) {
            upload(at[k], v[k]);
        }
        upload(at[4], labels);
        OperandTable terms = OperandTable.terms(new long[] {at[0], at[1], at[2]}, c);
        long table = device.allocate(terms.bytes().byteSize(), "terms");
        device.upload(table, terms.bytes().byteSize() / 8, 8, (chunk, first, count) ->
                MemorySegment.copy(terms.bytes(), first * 8, chunk, 0, count * 8L));
        device.launch(LaunchGeometry.elementwise(n, 1, false, 2, 2), KernelParams.of(Kernel.LINEAR_COMBINATION_F64)
                .address(table).i32(3).address(at[3]).i64(n).i32(0));
        try (Tensor r0 = reference.fromArray("v0", v[0]); Tensor r1 = reference.fromArray("v1", v[1]);
                Tensor r2 = reference.fromArray("v2", v[2]); Tensor out = reference.allocate("out", DType.FLOAT64, n)) {
            reference.vectorOps().linearCombination(c, new Tensor[] {r0, r1, r2}, out);
            KernelAgreement.assertSameBits("unaligned linear combination", out.toDoubleArray(), download(at[3], n));
        }

        long partials = device.allocate(8L * ReductionPlan.MAX_BLOCKS, "partials");
        device.launch(ReductionPlan.blocks(n), KernelParams.of(Kernel.LOGISTIC_LOSS_F64).address(at[0]).address(at[4])
                .address(at[3]).i64(n).i32(0).address(partials));
        device.launch(LaunchGeometry.elementwise(n, 1, false, 2, 2), KernelParams.of(Kernel.LOGISTIC_CURVATURE_F64)
                .address(at[0]).address(at[1]).i64(n).i32(0));
        double[] residual = new double[n];
        double[] weights = new double[n];
        for (int i = 0; i < n; i++) {
            residual[i] = ObjectiveAgreement.strictResidual(v[0][i], labels[i]);
            weights[i] = ObjectiveAgreement.strictCurvature(v[0][i]);
        }
        KernelAgreement.assertSameBits("unaligned logistic residual", residual, download(at[3], n));
        KernelAgreement.assertSameBits("unaligned logistic curvature", weights, download(at[1], n));
        device.free(base);
        device.free(table);
        device.free(partials);
    }

    private static void upload(long address, double[] values) {
        device.upload(address, values.length, 8, (chunk, first, count) ->
                MemorySegment.copy(values, (int) first, chunk, ValueLayout.JAVA_DOUBLE_UNALIGNED, 0, count));
    }

    private static double[] download(long address, int n) {
        double[] out = new double[n];
        device.download(address, n, 8, (chunk, first, count) ->
                MemorySegment.copy(chunk, ValueLayout.JAVA_DOUBLE_UNALIGNED, 0, out, (int) first, count));
        return out;
    }
}
