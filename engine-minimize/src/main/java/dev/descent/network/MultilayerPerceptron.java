package dev.descent.network;

import dev.descent.backend.Backend;
import dev.descent.backend.NetworkKernels;
import dev.descent.backend.VectorOps;
import dev.descent.data.ClassificationData;
import dev.descent.data.RegressionData;
import dev.descent.objective.AbstractObjective;
import dev.descent.objective.OwnedTensors;
import dev.descent.objective.ResidentData;
import dev.descent.objective.StochasticObjective;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * The training loss of a multilayer perceptron ({@link NetworkSpec}) on a data set, as an objective of
 * its flat parameter vector ({@link NetworkSpec#parameterCount()} elements in torch's
 * {@code state_dict()} order): {@code f(x)} is torch's {@code CrossEntropyLoss()} or {@code MSELoss()}
 * of the network's outputs, the mean over the examples (and, for mse, the outputs).
 *
 * <ul>
 *   <li>{@link #valueAndGradient}: the full-batch loss and its gradient by backpropagation, so the
 *       minimizers of {@code dev.descent.minimize} ({@code lbfgs}, {@code ncg-*}, {@code bfgs}) train it;
 *   <li>{@link #batchValueAndGradient}: a mini-batch's, so {@code MiniBatchTraining} trains it with any
 *       first-order optimizer;
 *   <li>{@link #gaussNewtonVectorProduct}: {@code G·v} for the Gauss–Newton matrix {@code G = JᵀH_L J}
 *       ({@code J} the Jacobian of the outputs, {@code H_L} the loss's Hessian with respect to them) by
 *       the forward R-operator then a backward pass (Schraudolph 2002; Martens 2010), so {@code hf}
 *       trains it.
 * </ul>
 *
 * <p>Everything runs on the backend of the point, with its {@link NetworkKernels}: the data set is
 * copied there once, in the point's dtype, on first use ({@link #close()} releases it and the
 * scratch); a mini-batch is gathered there ({@code gatherRows}); the layers are windows
 * ({@link Backend#view}) of the flat point, gradient and direction. Only loss sums and counts of
 * correct predictions come back to the host. A pass over many examples runs in chunks of at most
 * {@value #CHUNK_ROWS} rows, the gradient accumulated chunk by chunk, so its scratch stays small.
 *
 * <p>Not thread-safe (one evaluation at a time, as every objective).
 */
public final class MultilayerPerceptron extends AbstractObjective implements StochasticObjective {

    /** The most examples one chunk of a pass holds. */
    public static final int CHUNK_ROWS = 2048;

    private final NetworkSpec spec;
    private final Object data; // ClassificationData or RegressionData
    private final int examples;
    private final int chunkRows;
    private final Backpropagation passes;
    private final LayerCache layers;
    private final ResidentData<Resident> resident = new ResidentData<>(Resident::new);

    private MultilayerPerceptron(NetworkSpec spec, Object data, int examples, int chunkRows) {
        super("mlp", spec.parameterCount());
        if (chunkRows < 1) {
            throw new IllegalArgumentException("chunk rows must be ≥ 1, got " + chunkRows);
        }
        this.spec = spec;
        this.data = data;
        this.examples = examples;
        this.chunkRows = chunkRows;
        this.passes = new Backpropagation(spec);
        this.layers = new LayerCache(spec);
    }

    /**
     * A classifier trained with cross-entropy on {@code data}.
     *
     * @throws IllegalArgumentException if the loss is not {@code cross_entropy}, the data's features
     *     are not {@code n0} wide, or its labels reach past the {@code nk} outputs
     */
    public static MultilayerPerceptron classifier(NetworkSpec spec, ClassificationData data) {
        return classifier(spec, data, CHUNK_ROWS);
    }

    /** {@link #classifier(NetworkSpec, ClassificationData)} with passes in chunks of {@code chunkRows}. */
    static MultilayerPerceptron classifier(NetworkSpec spec, ClassificationData data, int chunkRows) {
        if (spec.loss() != Loss.CROSS_ENTROPY) {
            throw new IllegalArgumentException("a classifier is trained with cross_entropy, not " + spec.loss().label()
                    + "; use MultilayerPerceptron.regression for targets");
        }
        checkFits(spec, data);
        return new MultilayerPerceptron(spec, data, data.rows(), chunkRows);
    }

    /**
     * A regression network trained with mse on {@code data}.
     *
     * @throws IllegalArgumentException if the loss is not {@code mse} or the data's widths are not
     *     {@code n0} features and {@code nk} targets
     */
    public static MultilayerPerceptron regression(NetworkSpec spec, RegressionData data) {
        return regression(spec, data, CHUNK_ROWS);
    }

    /** {@link #regression(NetworkSpec, RegressionData)} with passes in chunks of {@code chunkRows}. */
    static MultilayerPerceptron regression(NetworkSpec spec, RegressionData data, int chunkRows) {
        if (spec.loss() != Loss.MSE) {
            throw new IllegalArgumentException("a regression network is trained with mse, not " + spec.loss().label()
                    + "; use MultilayerPerceptron.classifier for class labels");
        }
        checkFits(spec, data);
        return new MultilayerPerceptron(spec, data, data.rows(), chunkRows);
    }

    /** The network. */
    public NetworkSpec spec() {
        return spec;
    }

    @Override
    public int exampleCount() {
        return examples;
    }

    /** torch's default initialisation from seed 0 ({@link TorchInit}); pass another seed to it for others. */
    @Override
    public double[] startingValues() {
        return TorchInit.initialize(spec, 0);
    }

    @Override
    public double valueAndGradient(Tensor x, Tensor gradient) {
        requireSize(x, "x");
        requireSize(gradient, "gradient");
        return valueAndGradient(x, null, gradient);
    }

    @Override
    public double batchValueAndGradient(Tensor x, int[] batch, Tensor gradient) {
        requireSize(x, "x");
        requireSize(gradient, "gradient");
        checkBatch(batch, examples);
        return valueAndGradient(x, batch, gradient);
    }

    @Override
    public boolean hasGaussNewtonVectorProduct() {
        return true;
    }

    /** {@inheritDoc} Over the full batch: {@code G = JᵀH_L J} of the mean loss, positive semidefinite. */
    @Override
    public void gaussNewtonVectorProduct(Tensor x, Tensor v, Tensor out) {
        gaussNewtonVectorProduct(x, null, v, out);
    }

    /** {@inheritDoc} {@code G_B = JᵀH_L J} of the mean loss over the batch's examples, repeats counted. */
    @Override
    public void batchGaussNewtonVectorProduct(Tensor x, int[] batch, Tensor v, Tensor out) {
        checkBatch(batch, examples);
        gaussNewtonVectorProduct(x, batch, v, out);
    }

    private void gaussNewtonVectorProduct(Tensor x, int[] batch, Tensor v, Tensor out) {
        requireSize(x, "x");
        requireSize(v, "v");
        requireSize(out, "out");
        requireDistinct(out, x, "x");
        requireDistinct(out, v, "v");
        Resident home = resident.on(x);
        Backend backend = x.backend();
        NetworkKernels k = backend.networkKernels();
        Layers w = layers.of(x);
        Layers direction = layers.of(v);
        Layers product = layers.of(out);
        double scale = scale(batch == null ? examples : batch.length);
        overChunks(home, home.training, batch, (ws, inputs, targets, first, example) -> {
            passes.forward(k, w, inputs, ws);
            passes.rForward(k, w, direction, inputs, ws);
            passes.lossCurvature(backend, ws, scale);
            passes.backward(k, w, inputs, ws, product, !first);
            return 0;
        });
    }

    @Override
    public boolean hasDiagonalCurvature() {
        return true;
    }

    /**
     * {@inheritDoc} Over the full batch, by bbprop (Becker &amp; LeCun 1988; what vSGD uses for networks,
     * Schaul, Zhang &amp; LeCun 2013): the Gauss–Newton diagonal of the mean loss with the cross terms
     * between the units of a layer dropped — exact for a network of one layer, every entry ≥ 0.
     */
    @Override
    public void diagonalCurvature(Tensor x, Tensor out) {
        requireSize(x, "x");
        requireSize(out, "out");
        diagonalCurvature(x, null, out);
    }

    /** {@inheritDoc} The mean over the batch's examples of their {@link #diagonalCurvature} estimates. */
    @Override
    public void batchDiagonalCurvature(Tensor x, int[] batch, Tensor out) {
        requireSize(x, "x");
        requireSize(out, "out");
        checkBatch(batch, examples);
        diagonalCurvature(x, batch, out);
    }

    private void diagonalCurvature(Tensor x, int[] batch, Tensor out) {
        requireDistinct(out, x, "x");
        Resident home = resident.on(x);
        Backend backend = x.backend();
        NetworkKernels k = backend.networkKernels();
        VectorOps ops = backend.vectorOps();
        Layers w = layers.of(x);
        Layers squared = home.squaredWeights(w);
        Layers product = layers.of(out);
        double scale = scale(batch == null ? examples : batch.length);
        overChunks(home, home.training, batch, (ws, inputs, targets, first, example) -> {
            passes.forward(k, w, inputs, ws);
            Tensor oneHot = spec.loss() == Loss.CROSS_ENTROPY ? home.oneHot(ws, example) : null;
            passes.outputCurvature(k, ops, targets, oneHot, ws, scale);
            passes.diagonalCurvature(k, ops, squared, inputs, ws, product, !first);
            return 0;
        });
    }

    /**
     * The fraction of {@code test}'s examples whose largest logit is at their label (the first largest
     * on ties), computed on the backend of {@code x}; the test set is copied there on first use.
     *
     * @throws IllegalArgumentException if this network is not a classifier or {@code test} does not fit it
     */
    public double accuracy(Tensor x, ClassificationData test) {
        requireSize(x, "x");
        if (spec.loss() != Loss.CROSS_ENTROPY) {
            throw new IllegalArgumentException("accuracy needs a cross_entropy classifier; this network's loss is "
                    + spec.loss().label());
        }
        checkFits(spec, test);
        Resident home = resident.on(x);
        NetworkKernels k = x.backend().networkKernels();
        Layers w = layers.of(x);
        double correct = overChunks(home, home.set(test), null, (ws, inputs, labels, first, example) -> {
            passes.forward(k, w, inputs, ws);
            return k.correctPredictions(ws.outputs(), labels);
        });
        return correct / test.rows();
    }

    /**
     * The mean cross-entropy of the network at {@code x} on {@code set} (the training set or another),
     * computed on the backend of {@code x}.
     *
     * @throws IllegalArgumentException if this network is not a classifier or {@code set} does not fit it
     */
    public double loss(Tensor x, ClassificationData set) {
        if (spec.loss() != Loss.CROSS_ENTROPY) {
            throw new IllegalArgumentException("class labels need a cross_entropy network; this network's loss is "
                    + spec.loss().label());
        }
        checkFits(spec, set);
        return meanLoss(x, set, set.rows());
    }

    /**
     * The mean squared error of the network at {@code x} on {@code set} (the training set or another),
     * computed on the backend of {@code x}.
     *
     * @throws IllegalArgumentException if this network is not an mse network or {@code set} does not fit it
     */
    public double loss(Tensor x, RegressionData set) {
        if (spec.loss() != Loss.MSE) {
            throw new IllegalArgumentException("targets need an mse network; this network's loss is "
                    + spec.loss().label());
        }
        checkFits(spec, set);
        return meanLoss(x, set, set.rows());
    }

    /**
     * Views of the tensors of a flat parameter-shaped tensor ({@link #dimension()} elements: a point, a
     * gradient), in {@link NetworkSpec#parameterNames()} order and named so, with
     * {@link NetworkSpec#parameterShapes()}: they share its memory (writes through either are seen by
     * the other) and own none of it, so they need no closing and die with it.
     */
    public List<Tensor> parameterViews(Tensor flat) {
        requireSize(flat, "flat");
        Layers views = Layers.of(spec, flat);
        List<Tensor> tensors = new ArrayList<>(2 * spec.depth());
        for (int l = 0; l < spec.depth(); l++) {
            tensors.add(views.weights()[l]);
            tensors.add(views.biases()[l]);
        }
        return List.copyOf(tensors);
    }

    /**
     * Copies the training examples to the backend (and dtype) of {@code x} now, as the first evaluation
     * there would: a timed training loop then times training, not the copy, as PyTorch's loop starts with
     * its tensors made. Does nothing when they are there already.
     *
     * @param x a point of this network on the backend to prepare
     */
    public void prepare(Tensor x) {
        requireSize(x, "x");
        resident.on(x);
    }

    /** Releases the data sets and scratch held on backends; a later evaluation makes them again. */
    @Override
    public void close() {
        layers.clear();
        resident.close();
    }

    private double valueAndGradient(Tensor x, int[] batch, Tensor gradient) {
        requireDistinct(gradient, x, "x");
        Resident home = resident.on(x);
        NetworkKernels k = x.backend().networkKernels();
        Layers w = layers.of(x);
        Layers g = layers.of(gradient);
        double scale = scale(batch == null ? examples : batch.length);
        double sum = overChunks(home, home.training, batch, (ws, inputs, targets, first, example) -> {
            passes.forward(k, w, inputs, ws);
            double losses = passes.loss(k, targets, ws, scale);
            passes.backward(k, w, inputs, ws, g, !first);
            return losses;
        });
        return scale * sum;
    }

    private double meanLoss(Tensor x, Object set, int rows) {
        requireSize(x, "x");
        Resident home = resident.on(x);
        NetworkKernels k = x.backend().networkKernels();
        Layers w = layers.of(x);
        double sum = overChunks(home, home.set(set), null, (ws, inputs, targets, first, example) -> {
            passes.forward(k, w, inputs, ws);
            return passes.loss(k, targets, ws, 1);
        });
        return scale(rows) * sum;
    }

    /** The factor from the sum of {@code m} examples' losses to torch's mean: {@code 1/m}, or {@code 1/(m·nk)} for mse. */
    private double scale(int m) {
        return spec.loss() == Loss.MSE ? 1.0 / ((double) m * spec.outputs()) : 1.0 / m;
    }

    /** One chunk's work; returns what the chunks sum (loss sums, counts). */
    @FunctionalInterface
    private interface ChunkPass {
        double run(Workspace ws, Tensor inputs, Tensor targets, boolean first, IntUnaryOperator example);
    }

    /**
     * Runs {@code pass} over the examples of {@code set} in chunks: the set's own windows in order when
     * {@code batch} is null, else the rows {@code batch} gathered chunk by chunk into scratch.
     */
    private double overChunks(Resident home, ResidentSet set, int[] batch, ChunkPass pass) {
        double sum = 0;
        if (batch == null) {
            for (ResidentSet.Chunk c : set.chunks()) {
                int offset = c.first();
                sum += pass.run(home.workspace(c.rows()), c.inputs(), c.targets(), offset == 0, i -> offset + i);
            }
            return sum;
        }
        NetworkKernels k = set.inputs.backend().networkKernels();
        for (int first = 0; first < batch.length; first += chunkRows) {
            int count = Math.min(chunkRows, batch.length - first);
            int[] rows = count == batch.length ? batch : Arrays.copyOfRange(batch, first, first + count);
            Workspace ws = home.workspace(count);
            k.gatherRows(set.inputs, rows, ws.gatheredInputs());
            k.gatherRows(set.targets, rows, ws.gatheredTargets());
            sum += pass.run(ws, ws.gatheredInputs(), ws.gatheredTargets(), first == 0, i -> rows[i]);
        }
        return sum;
    }

    /** Refuses an output that is also an input: a later chunk would read what an earlier one wrote. */
    private void requireDistinct(Tensor output, Tensor input, String role) {
        if (output == input) {
            throw new IllegalArgumentException("problem '" + name() + "': the output tensor '" + output.name()
                    + "' is also the " + role + " it reads; pass another tensor");
        }
    }

    private static void checkFits(NetworkSpec spec, ClassificationData data) {
        checkInputs(spec, data.cols());
        if (data.classes() > spec.outputs()) {
            throw new IllegalArgumentException("the data have " + data.classes() + " classes (labels 0 … "
                    + (data.classes() - 1) + ") but network " + spec.describe() + " has " + spec.outputs()
                    + " outputs: the last layer width must be ≥ the number of classes");
        }
    }

    private static void checkFits(NetworkSpec spec, RegressionData data) {
        checkInputs(spec, data.cols());
        if (data.outputs() != spec.outputs()) {
            throw new IllegalArgumentException("the data have " + data.outputs() + " targets per example but network "
                    + spec.describe() + " has " + spec.outputs() + " outputs");
        }
    }

    private static void checkInputs(NetworkSpec spec, int cols) {
        if (cols != spec.inputs()) {
            throw new IllegalArgumentException("the data have " + cols + " features per example but network "
                    + spec.describe() + " has " + spec.inputs() + " inputs");
        }
    }

    /** The data sets and scratch on one backend, in one dtype. */
    private final class Resident {
        final OwnedTensors tensors;
        final DType dtype;
        final ResidentSet training;
        final Map<Object, ResidentSet> others = new IdentityHashMap<>();
        final Map<Integer, Workspace> workspaces = new HashMap<>(); // by rows: a chunk, a batch, their remainders
        private Layers squared;
        private Tensor identity;

        Resident(OwnedTensors tensors, DType dtype, long[] shape) {
            this.tensors = tensors;
            this.dtype = dtype;
            this.training = upload(data, "mlp.train");
        }

        /** {@code set} on this backend: the training set, or a copy made on its first use. */
        ResidentSet set(Object set) {
            if (set == data) {
                return training;
            }
            return others.computeIfAbsent(set, s -> upload(s, "mlp.set" + others.size()));
        }

        /** {@code W[l]²} of the point {@code w} (its biases' windows unused), in scratch made on first use. */
        Layers squaredWeights(Layers w) {
            if (squared == null) {
                squared = Layers.of(spec, tensors.allocate("mlp.weights²", dtype, spec.parameterCount()));
            }
            VectorOps ops = w.flat().backend().vectorOps();
            for (int l = 0; l < spec.depth(); l++) {
                ops.multiply(w.weights()[l], w.weights()[l], squared.weights()[l]);
            }
            return squared;
        }

        /**
         * {@code ws.oneHot()} ← the one-hot rows of the labels of the chunk's examples ({@code example(i)}
         * for its row {@code i}), gathered on the backend from the identity matrix.
         */
        Tensor oneHot(Workspace ws, IntUnaryOperator example) {
            if (identity == null) {
                int n = spec.outputs();
                double[] eye = new double[n * n];
                for (int i = 0; i < n; i++) {
                    eye[i * n + i] = 1;
                }
                identity = tensors.upload("mlp.identity", dtype, eye, n, n);
            }
            int[] labels = ((ClassificationData) data).labels();
            int[] rows = new int[ws.rows];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = labels[example.applyAsInt(i)];
            }
            Tensor oneHot = ws.oneHot();
            identity.backend().networkKernels().gatherRows(identity, rows, oneHot);
            return oneHot;
        }

        Workspace workspace(int rows) {
            return workspaces.computeIfAbsent(rows, r -> new Workspace(tensors, dtype, spec, r));
        }

        private ResidentSet upload(Object set, String name) {
            return switch (set) {
                case ClassificationData c -> ResidentSet.of(c, tensors, dtype, name, chunkRows);
                case RegressionData r -> ResidentSet.of(r, tensors, dtype, name, chunkRows);
                default -> throw new IllegalArgumentException("not a data set: " + set);
            };
        }
    }
}
