package dev.descent.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.descent.minimize.MinimizeResult;
import dev.descent.minimize.Minimizers;
import dev.descent.minimize.Stopping;
import dev.descent.objective.Objective;
import dev.descent.objective.Problems;
import dev.descent.reference.ReferenceBackend;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The claim that on CUDA a minimizer's whole state stays on the GPU: L-BFGS, nonlinear CG, linear CG
 * and Hessian-free run {@value #ITERATIONS} iterations on the emulated device, and after the
 * problem's data and the starting point have been uploaded no transfer in either direction moves
 * more than {@value #SCALARS} elements (reductions bring back a few partial sums, the multi-tensor
 * ops upload their operand tables), while every problem has n ≥ 200: a vector never moves. The
 * iterates are those of the reference backend, and closing the problem frees everything it put on
 * the device. (The emulator runs each launch in a child process, hence few iterations.)
 */
class EmulatedMinimizerResidencyTest extends EmulatedBackendTestBase {

    /** Partial sums of the emulated device's ≤ 4 blocks for ≤ 16 dot pairs and a few more; operand tables of ≤ 21 tensors. */
    static final long SCALARS = 128;

    static final int ITERATIONS = 6;

    @ParameterizedTest(name = "{0} on {1} (n = {2})")
    @CsvSource({
        "lbfgs, rosenbrock, 400, ''",
        "ncg-pr, rosenbrock, 400, ''",
        "hf, rosenbrock, 400, ''",
        "lbfgs, logistic, 200, rows=50",
        "cg, quadratic, 400, cond=100",
        "cg, quadratic, 200, cond=100;dense=true",
    })
    void noVectorLeavesTheDevice(String method, String problem, int n, String options) {
        assumeTrue(device != null, () -> "no kernel emulator: " + Emulator.whyNot());
        Map<String, String> opts = parse(options);
        MinimizeResult reference;
        double[] referenceX;
        try (Objective f = Problems.create(problem, n, opts); Tensor x = f.startingPoint(new ReferenceBackend())) {
            reference = Minimizers.create(method, STOPPING).minimize(f, x, false);
            referenceX = x.toDoubleArray();
        }
        // The backend keeps scratch buffers (partial sums, operand tables) for its lifetime, made on
        // first use: make them before counting, so that the count shows only what the run leaves.
        try (Tensor warm = cuda.allocate("warm-up", DType.FLOAT64, 4)) {
            cuda.vectorOps().dots(new Tensor[] {warm}, new Tensor[] {warm}, new double[1]);
            cuda.vectorOps().linearCombination(new double[] {1}, new Tensor[] {warm}, warm);
        }
        int liveBefore = device.liveAllocations();
        try (Objective f = Problems.create(problem, n, opts); Tensor x = f.startingPoint(cuda, DType.FLOAT64);
                Tensor g = cuda.allocate("g", DType.FLOAT64, n)) {
            f.valueAndGradient(x, g); // uploads the problem's data, once
            device.resetTransferRecords();
            MinimizeResult result = Minimizers.create(method, STOPPING).minimize(f, x, false);
            assertTrue(device.largestDownload() <= SCALARS, "a download of " + device.largestDownload() + " elements");
            assertTrue(device.largestUpload() <= SCALARS, "an upload of " + device.largestUpload() + " elements");

            assertEquals(reference.iterations(), result.iterations(), result.toString());
            assertEquals(reference.stopReason(), result.stopReason());
            // Sums in another order move the iterates by rounding only: after a few iterations the
            // two agree to about 1e-12 relative; 1e-8 leaves room for the line searches' branches.
            double[] cudaX = x.toDoubleArray();
            for (int i = 0; i < n; i++) {
                assertEquals(referenceX[i], cudaX[i], 1e-8 * Math.max(1, Math.abs(referenceX[i])), "x[" + i + "]");
            }
        }
        // Closing the problem released its data on the device, and the minimizer its workspace.
        assertEquals(liveBefore, device.liveAllocations(), "device allocations left behind");
    }

    private static final Stopping STOPPING = Stopping.defaults().withMaxIterations(ITERATIONS);

    private static Map<String, String> parse(String options) {
        if (options == null || options.isBlank()) {
            return Map.of();
        }
        java.util.HashMap<String, String> map = new java.util.HashMap<>();
        for (String kv : options.split(";")) {
            String[] p = kv.split("=", 2);
            map.put(p[0].strip(), p[1].strip());
        }
        return map;
    }
}
