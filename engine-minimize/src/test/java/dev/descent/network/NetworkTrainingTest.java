package dev.descent.network;

import static dev.descent.network.MultilayerPerceptronTest.BACKEND;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.ClassificationData;
import dev.descent.data.RegressionData;
import dev.descent.kernel.Activation;
import dev.descent.minimize.MiniBatchTraining;
import dev.descent.minimize.MinimizeResult;
import dev.descent.minimize.Minimizer;
import dev.descent.minimize.Minimizers;
import dev.descent.minimize.Stopping;
import dev.descent.objective.SampledCurvature;
import dev.descent.optim.Adam;
import dev.descent.optim.Vsgd;
import dev.descent.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Small networks trained on made-up data by a quasi-Newton method (lbfgs, full batch), Hessian-free
 * (hf, through the Gauss–Newton product) and mini-batch Adam, on the reference backend.
 */
class NetworkTrainingTest {

    /** A 2-8-2 tanh classifier: XOR needs its hidden layer (no line separates the classes). */
    private static final NetworkSpec XOR_NET = new NetworkSpec(new int[] {2, 8, 2}, Activation.TANH, Loss.CROSS_ENTROPY);

    /**
     * Four Gaussian blobs at (±1, ±1) with σ = 0.25, labelled by the XOR of the coordinates' signs: every
     * point is 4σ from the axes that separate the classes, so about 6e-5 of the points lie across them
     * and a trained network classifies (nearly) all correctly.
     */
    static ClassificationData xor(int rows, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[2 * rows];
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) {
            int sx = r.nextBoolean() ? 1 : -1;
            int sy = r.nextBoolean() ? 1 : -1;
            x[2 * i] = (float) (sx + 0.25 * gaussian(r));
            x[2 * i + 1] = (float) (sy + 0.25 * gaussian(r));
            y[i] = sx == sy ? 0 : 1;
        }
        return new ClassificationData(rows, 2, 2, x, y);
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    /** The loss and test accuracy before and after {@code train} runs from torch's initialisation. */
    private record Trained(double lossBefore, double lossAfter, double accuracyBefore, double accuracy,
            MinimizeResult result) {
    }

    private static Trained train(Minimizer method, long seed) {
        return train(method, seed, Double.NaN);
    }

    /** {@code method} on the network, its Gauss–Newton products on a {@code curvatureSample} of the examples (NaN: all). */
    private static Trained train(Minimizer method, long seed, double curvatureSample) {
        ClassificationData data = xor(200, 1);
        ClassificationData test = xor(400, 2);
        try (MultilayerPerceptron f = MultilayerPerceptron.classifier(XOR_NET, data);
                Tensor x = BACKEND.fromArray("x", TorchInit.initialize(XOR_NET, seed))) {
            double lossBefore = f.loss(x, data);
            double accuracyBefore = f.accuracy(x, test);
            MinimizeResult r = method.minimize(Double.isNaN(curvatureSample) ? f
                    : new SampledCurvature(f, curvatureSample, seed), x);
            return new Trained(lossBefore, f.loss(x, data), accuracyBefore, f.accuracy(x, test), r);
        }
    }

    // Each method must take the loss from its start (≈ ln 2 ≈ 0.69: torch's small weights give nearly
    // equal logits, at chance accuracy) to below 0.05 (a correct class at probability ≥ 0.95 on average)
    // and classify ≥ 98% of unseen points of the same distribution (nearly all are 4σ from the boundary).

    @Test
    void lbfgsTrainsAnXorClassifier() {
        Trained t = train(Minimizers.create("lbfgs", Stopping.defaults().withMaxIterations(300)), 3);
        assertTrue(t.lossBefore() > 0.5, "starts near ln 2: " + t);
        assertTrue(t.accuracyBefore() < 0.8, "not solved by the initialisation: " + t);
        assertTrue(t.lossAfter() < 0.05, t.toString());
        assertTrue(t.accuracy() >= 0.98, t.toString());
    }

    @Test
    void hessianFreeTrainsItThroughTheGaussNewtonProduct() {
        Trained t = train(Minimizers.create("hf", Stopping.defaults().withMaxIterations(60)), 3);
        assertTrue(t.result().curvatureProducts() > 0, "hf multiplies by G: " + t);
        assertTrue(t.lossAfter() < 0.05, t.toString());
        assertTrue(t.accuracy() >= 0.98, t.toString());
    }

    @Test
    void hessianFreeTrainsItWithTheCurvatureOnAQuarterOfTheExamples() {
        // Martens (2010) §4.3: the Gauss-Newton products on a sample (here 50 of the 200 points, a new one per
        // iteration), the gradient on all of them; the same bar as with the whole curvature.
        Trained t = train(Minimizers.create("hf", Stopping.defaults().withMaxIterations(60)), 3, 0.25);
        assertTrue(t.result().curvatureProducts() > 0, "hf multiplies by G: " + t);
        assertTrue(t.lossAfter() < 0.05, t.toString());
        assertTrue(t.accuracy() >= 0.98, t.toString());
    }

    @Test
    void miniBatchAdamTrainsIt() {
        // 40 epochs of 13 batches of 16 (the last 8), Adam lr 0.02, float32 as torch.optim.
        Trained t = train(MiniBatchTraining.of(Adam.defaults().withLr(0.02), 16, 40, 5), 3);
        assertTrue(t.result().iterations() == 40 * 13, t.toString());
        assertTrue(t.lossAfter() < 0.05, t.toString());
        assertTrue(t.accuracy() >= 0.98, t.toString());
    }

    @Test
    void miniBatchVsgdTrainsItWithTheNetworksDiagonalCurvature() {
        // vSGD-l (Schaul, Zhang & LeCun 2013) sets its own rates from the network's bbprop curvature:
        // no learning rate is tuned (lr = 1 is its default multiplier). Same 40 epochs of batches of 16.
        Trained t = train(MiniBatchTraining.of(Vsgd.defaults(), 16, 40, 5), 3);
        assertTrue(t.lossBefore() > 0.5, "starts near ln 2: " + t);
        assertTrue(t.lossAfter() < 0.1, t.toString());
        assertTrue(t.accuracy() >= 0.98, t.toString());
    }

    @Test
    void lbfgsFitsARegressionWithMse() {
        // y = sin(2x) on [−1, 1] by a 1-16-1 tanh network: smooth, so a good fit is a mean squared error
        // far below the targets' variance (≈ 0.4); 1e-3 is 400× below it.
        int rows = 64;
        float[] x = new float[rows];
        float[] y = new float[rows];
        for (int i = 0; i < rows; i++) {
            x[i] = -1 + 2f * i / (rows - 1);
            y[i] = (float) Math.sin(2 * x[i]);
        }
        RegressionData data = new RegressionData(rows, 1, 1, x, y);
        NetworkSpec spec = new NetworkSpec(new int[] {1, 16, 1}, Activation.TANH, Loss.MSE);
        try (MultilayerPerceptron f = MultilayerPerceptron.regression(spec, data);
                Tensor w = BACKEND.fromArray("w", TorchInit.initialize(spec, 4))) {
            double before = f.loss(w, data);
            MinimizeResult r = Minimizers.create("lbfgs", Stopping.defaults().withMaxIterations(500)).minimize(f, w);
            double after = f.loss(w, data);
            assertTrue(before > 0.1, "starts far: " + before);
            assertTrue(after < 1e-3, after + " after " + r);
        }
    }
}
