package dev.descent.spark;

import dev.descent.backend.Backend;
import dev.descent.backend.ObjectiveKernels;
import dev.descent.reference.ReferenceBackend;
import dev.descent.simd.SimdBackend;
import dev.descent.simd.SimdBackendProvider;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.lang.foreign.MemorySegment;

/**
 * The per-block sums of logistic regression, computed where the block lives (in an executor) with
 * Descent's objective kernels over zero-copy wraps of the block's heap arrays: the SIMD backend on
 * one thread when the Vector API is there (Spark runs one task per core already), else the
 * reference backend. Each method adds its block's sum into an accumulator, so that a partition's
 * blocks and then the partitions (in partition order, {@link BlockPasses}) are summed.
 *
 * <p>Sums, not means: the driver divides by the number of examples once, as the single-machine
 * {@link dev.descent.objective.LogisticRegression} does.
 */
final class BlockKernels {

    private static volatile Backend backend; // one per JVM: kernels are thread-safe

    private BlockKernels() {
    }

    /** The backend the kernels run on in this JVM: {@code simd} (one thread) where it can run, else {@code reference}. */
    static Backend backend() {
        Backend b = backend;
        if (b == null) {
            synchronized (BlockKernels.class) {
                if (backend == null) {
                    backend = new SimdBackendProvider().availability().available() ? new SimdBackend(1)
                            : new ReferenceBackend();
                }
                b = backend;
            }
        }
        return b;
    }

    /** {@code Σᵢ ℓ(xᵢᵀw, yᵢ)} over the block; adds {@code Xᵀr} ({@code rᵢ = −yᵢσ(−yᵢzᵢ)}) into {@code gradient}. */
    static double lossAndGradient(ExampleBlock block, double[] w, double[] gradient) {
        Backend b = backend();
        ObjectiveKernels k = b.objectiveKernels();
        Tensor x = features(b, block);
        double[] residual = new double[block.rows()];
        Tensor z = wrap(b, "z", new double[block.rows()]);
        Tensor r = wrap(b, "r", residual);
        k.matVec(x, wrap(b, "w", w), z);
        double loss = k.logisticLoss(z, wrap(b, "y", block.labels()), r);
        addTransposeProduct(b, x, r, gradient);
        return loss;
    }

    /** Adds {@code Xᵀ(c ⊙ Xv)} into {@code out}, {@code cᵢ = σ(zᵢ)σ(−zᵢ)} for {@code z = Xw}: the block's Gauss–Newton product. */
    static void addCurvatureProduct(ExampleBlock block, double[] w, double[] v, double[] out) {
        Backend b = backend();
        ObjectiveKernels k = b.objectiveKernels();
        Tensor x = features(b, block);
        Tensor c = wrap(b, "c", new double[block.rows()]);
        Tensor xv = wrap(b, "xv", new double[block.rows()]);
        k.matVec(x, wrap(b, "w", w), c);
        k.logisticCurvature(c, c);
        k.matVec(x, wrap(b, "v", v), xv);
        b.vectorOps().multiply(c, xv, xv);
        addTransposeProduct(b, x, xv, out);
    }

    /** Adds {@code (X ⊙ X)ᵀc} into {@code out}: the block's part of the diagonal of the Gauss–Newton matrix. */
    static void addDiagonalCurvature(ExampleBlock block, double[] w, double[] out) {
        Backend b = backend();
        ObjectiveKernels k = b.objectiveKernels();
        double[] weights = new double[block.rows()];
        Tensor c = wrap(b, "c", weights);
        k.matVec(features(b, block), wrap(b, "w", w), c);
        k.logisticCurvature(c, c);
        // Rarely used (vSGD's curvature): a plain loop rather than a squared copy of the block.
        int cols = block.cols();
        double[] x = block.features();
        for (int i = 0; i < block.rows(); i++) {
            double ci = weights[i];
            for (int j = 0, o = i * cols; j < cols; j++) {
                out[j] += ci * x[o + j] * x[o + j];
            }
        }
    }

    /** Adds {@code Xᵀv} into {@code out} (the kernel overwrites its output, so it goes through a scratch vector). */
    private static void addTransposeProduct(Backend b, Tensor x, Tensor v, double[] out) {
        double[] part = new double[out.length];
        b.objectiveKernels().matTransposeVec(x, v, wrap(b, "part", part));
        for (int j = 0; j < out.length; j++) {
            out[j] += part[j];
        }
    }

    private static Tensor features(Backend b, ExampleBlock block) {
        return b.wrap("block" + block.index() + ".X", MemorySegment.ofArray(block.features()), DType.FLOAT64,
                block.rows(), block.cols());
    }

    private static Tensor wrap(Backend b, String name, double[] values) {
        return b.wrap(name, MemorySegment.ofArray(values), DType.FLOAT64, values.length);
    }
}
