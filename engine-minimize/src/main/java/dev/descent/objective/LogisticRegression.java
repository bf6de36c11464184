package dev.descent.objective;

import dev.descent.backend.Backend;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.HashMap;
import java.util.Map;

/**
 * L2-regularised logistic regression without intercept:
 * {@code f(w) = (1/m)·Σᵢ log(1 + exp(−yᵢ·xᵢᵀw)) + (λ/2)·‖w‖²} over a {@link LabeledData} set with
 * labels ±1; {@code n} is the number of features, {@code w0 = 0}.
 *
 * <p>With margins {@code z = Xw}: gradient {@code (1/m)·Xᵀr + λw} for {@code rᵢ = −yᵢσ(−yᵢzᵢ)};
 * Hessian = Gauss–Newton matrix {@code (1/m)·Xᵀ diag(σ(zᵢ)σ(−zᵢ)) X + λI} (the loss is a GLM with its
 * matching link, Schraudolph 2002), so both products are exact; diagonal curvature
 * {@code (1/m)·Σᵢ σ(zᵢ)σ(−zᵢ)·xᵢⱼ² + λ}. The losses are overflow-safe for any margin (see
 * {@link dev.descent.backend.ObjectiveKernels#logisticLoss}).
 *
 * <p>Evaluated on the backend of {@code w}: the data set is copied to it once, on first use
 * ({@link #close()} releases it), and every evaluation is the backend's {@code matVec},
 * {@code logisticLoss}, {@code matTransposeVec} and vector kernels. A {@link StochasticObjective}:
 * a mini-batch's rows are gathered on the host and copied to the backend per batch, as a data
 * loader does (a full batch {@code 0 … m−1} uses the resident data set); the regulariser is counted
 * in every mini-batch.
 */
public final class LogisticRegression extends AbstractObjective implements StochasticObjective {

    private final LabeledData data;
    private final double l2;
    private final ResidentData<Resident> resident = new ResidentData<>(Resident::new);

    /** Logistic regression on {@code data} with L2 coefficient {@code l2 ≥ 0}. */
    public LogisticRegression(LabeledData data, double l2) {
        super("logistic", data.cols());
        if (!(l2 >= 0) || Double.isInfinite(l2)) {
            throw new IllegalArgumentException("l2 = " + l2 + " is invalid: must be in [0, ∞)");
        }
        this.data = data;
        this.l2 = l2;
    }

    /** The logistic sigmoid {@code 1/(1 + e^(−z))}, without overflow. */
    public static double sigmoid(double z) {
        if (z >= 0) {
            return 1 / (1 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1 + e);
    }

    /** The data set. */
    public LabeledData data() {
        return data;
    }

    /** The L2 coefficient λ. */
    public double l2() {
        return l2;
    }

    @Override
    public int exampleCount() {
        return data.rows();
    }

    @Override
    public double[] startingValues() {
        return new double[dimension()];
    }

    @Override
    public double valueAndGradient(Tensor w, Tensor gradient) {
        requireSize(w, "x");
        requireSize(gradient, "gradient");
        return resident.on(w).all.valueAndGradient(w, gradient);
    }

    @Override
    public double batchValueAndGradient(Tensor w, int[] batch, Tensor gradient) {
        requireSize(w, "x");
        requireSize(gradient, "gradient");
        checkBatch(batch, exampleCount());
        return resident.on(w).examples(batch).valueAndGradient(w, gradient);
    }

    @Override
    public boolean hasExactHessianVectorProduct() {
        return true;
    }

    @Override
    public void hessianVectorProduct(Tensor w, Tensor v, Tensor out) {
        requireSize(w, "x");
        requireSize(v, "v");
        requireSize(out, "out");
        resident.on(w).all.curvatureVector(w, v, out);
    }

    @Override
    public boolean hasGaussNewtonVectorProduct() {
        return true;
    }

    @Override
    public void gaussNewtonVectorProduct(Tensor w, Tensor v, Tensor out) {
        hessianVectorProduct(w, v, out);
    }

    @Override
    public boolean hasDiagonalCurvature() {
        return true;
    }

    @Override
    public void diagonalCurvature(Tensor w, Tensor out) {
        requireSize(w, "x");
        requireSize(out, "out");
        resident.on(w).all.diagonalCurvature(w, out);
    }

    @Override
    public void batchDiagonalCurvature(Tensor w, int[] batch, Tensor out) {
        requireSize(w, "x");
        requireSize(out, "out");
        checkBatch(batch, exampleCount());
        resident.on(w).examples(batch).diagonalCurvature(w, out);
    }

    /** Releases the copies of the data set on the backends. */
    @Override
    public void close() {
        resident.close();
    }

    /** The data set and scratch vectors on one backend, in one dtype, for points of one shape. */
    private final class Resident {
        final OwnedTensors tensors;
        final DType dtype;
        final long[] shape;
        final Examples all;
        final Map<Integer, Examples> batches = new HashMap<>(); // by batch size: at most two per sampler
        Tensor ones; // for adding λ to the diagonal curvature, made on first use

        Resident(OwnedTensors tensors, DType dtype, long[] shape) {
            this.tensors = tensors;
            this.dtype = dtype;
            this.shape = shape;
            this.all = new Examples(this, data.rows());
            all.features.copyFrom(data.features());
            all.labels.copyFrom(data.labels());
        }

        /** The examples {@code batch} on the backend: the resident set itself for a full batch in order. */
        Examples examples(int[] batch) {
            if (isEveryExampleInOrder(batch)) {
                return all;
            }
            Examples b = batches.computeIfAbsent(batch.length, size -> new Examples(this, size));
            int cols = data.cols();
            double[] features = new double[batch.length * cols];
            double[] labels = new double[batch.length];
            for (int k = 0; k < batch.length; k++) {
                System.arraycopy(data.features(), batch[k] * cols, features, k * cols, cols);
                labels[k] = data.labels()[batch[k]];
            }
            b.features.copyFrom(features);
            b.labels.copyFrom(labels);
            b.squaredFeaturesCurrent = false;
            return b;
        }

        Tensor ones() {
            if (ones == null) {
                ones = tensors.allocate("logistic.ones", dtype, shape);
                tensors.backend().vectorOps().fill(ones, 1);
            }
            return ones;
        }

        private boolean isEveryExampleInOrder(int[] batch) {
            if (batch.length != data.rows()) {
                return false;
            }
            for (int i = 0; i < batch.length; i++) {
                if (batch[i] != i) {
                    return false;
                }
            }
            return true;
        }
    }

    /** {@code k} examples on the backend: features {@code X} (k × n), labels, and two k-vectors of scratch. */
    private final class Examples {
        final Resident home;
        final int count;
        final Tensor features;
        final Tensor labels;
        final Tensor margins;
        final Tensor perExample;
        Tensor squaredFeatures; // X ⊙ X for the diagonal curvature, made on first use
        boolean squaredFeaturesCurrent;

        Examples(Resident home, int count) {
            this.home = home;
            this.count = count;
            OwnedTensors t = home.tensors;
            String prefix = count == data.rows() ? "logistic." : "logistic.batch" + count + ".";
            features = t.allocate(prefix + "X", home.dtype, count, data.cols());
            labels = t.allocate(prefix + "y", home.dtype, count);
            margins = t.allocate(prefix + "z", home.dtype, count);
            perExample = t.allocate(prefix + "r", home.dtype, count);
        }

        /** {@code z = Xw}; {@code f = (1/k)Σℓ(zᵢ) + (λ/2)‖w‖²}; {@code ∇f = (1/k)Xᵀr + λw}. */
        double valueAndGradient(Tensor w, Tensor gradient) {
            Backend backend = w.backend();
            backend.objectiveKernels().matVec(features, w, margins);
            double loss = backend.objectiveKernels().logisticLoss(margins, labels, perExample);
            backend.objectiveKernels().matTransposeVec(features, perExample, gradient);
            double squaredNorm = backend.vectorOps().dot(w, w);
            backend.vectorOps().linearCombination(new double[] {1.0 / count, l2}, new Tensor[] {gradient, w}, gradient);
            return loss / count + 0.5 * l2 * squaredNorm;
        }

        /** {@code out = (1/k)·Xᵀ(c ⊙ Xv) + λv} with {@code cᵢ = σ(zᵢ)σ(−zᵢ)}. */
        void curvatureVector(Tensor w, Tensor v, Tensor out) {
            Backend backend = w.backend();
            curvatureWeights(w);
            backend.objectiveKernels().matVec(features, v, perExample);
            backend.vectorOps().multiply(margins, perExample, perExample);
            backend.objectiveKernels().matTransposeVec(features, perExample, out);
            backend.vectorOps().linearCombination(new double[] {1.0 / count, l2}, new Tensor[] {out, v}, out);
        }

        /** {@code out = (1/k)·(X ⊙ X)ᵀc + λ}. */
        void diagonalCurvature(Tensor w, Tensor out) {
            Backend backend = w.backend();
            if (squaredFeatures == null) {
                squaredFeatures = home.tensors.allocate(features.name() + "²", home.dtype, count, data.cols());
            }
            if (!squaredFeaturesCurrent) {
                backend.vectorOps().multiply(features, features, squaredFeatures);
                squaredFeaturesCurrent = true;
            }
            curvatureWeights(w);
            backend.objectiveKernels().matTransposeVec(squaredFeatures, margins, out);
            backend.vectorOps().linearCombination(new double[] {1.0 / count, l2}, new Tensor[] {out, home.ones()}, out);
        }

        /** {@code margins ← σ(z)σ(−z)} for {@code z = Xw}. */
        private void curvatureWeights(Tensor w) {
            Backend backend = w.backend();
            backend.objectiveKernels().matVec(features, w, margins);
            backend.objectiveKernels().logisticCurvature(margins, margins);
        }
    }
}
