package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.io.NamedTensor;
import dev.descent.io.Safetensors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code descent train} on small data sets the test writes (IDX files in fashion-mnist's layout, a CSV
 * file): it learns them, prints its summary or JSON, writes and reads safetensors weights, draws its
 * plot, refuses full-batch methods on mini-batches, and reports every bad file in one line with exit
 * status 2. Never the Debian package's files.
 */
class TrainCommandTest {
    /** 4 × 4 images, 3 classes: class c lights rows c of the image (plus noise). */
    private static final int SIDE = 4;
    private static final int CLASSES = 3;

    @TempDir
    Path dir;

    /** An IDX file: magic {@code 00 00 08 dims}, the big-endian dimensions, then the bytes. */
    static byte[] idx(int[] dims, byte[] values) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + values.length);
        b.put((byte) 0).put((byte) 0).put((byte) 8).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.put(values).array();
    }

    /** {@code n} images and labels of the row pattern as {@code dir/part-…}, from {@code seed}. */
    static void writeSet(Path dir, String part, int n, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] pixels = new byte[n * SIDE * SIDE];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            int c = random.nextInt(CLASSES);
            labels[i] = (byte) c;
            for (int p = 0; p < SIDE * SIDE; p++) {
                int bright = p / SIDE == c ? 200 : 0;
                pixels[i * SIDE * SIDE + p] = (byte) (bright + random.nextInt(50));
            }
        }
        Files.write(dir.resolve(part + "-images-idx3-ubyte"), idx(new int[] {n, SIDE, SIDE}, pixels));
        Files.write(dir.resolve(part + "-labels-idx1-ubyte"), idx(new int[] {n}, labels));
    }

    private Path dataset() throws IOException {
        Path d = Files.createDirectories(dir.resolve("rows"));
        writeSet(d, "train", 90, 1);
        writeSet(d, "t10k", 30, 2);
        return d;
    }

    /** The JSON line of a run that succeeded. */
    static JsonNode json(CliRun r) throws IOException {
        assertEquals(Main.OK, r.status(), r.out() + r.err());
        return new ObjectMapper().readTree(r.out());
    }

    @Test
    void onSparkAFullBatchMinimizerIsRequiredAndWithoutSparkTheRunIsOneLine() throws IOException {
        String data = dataset().toString();
        CliRun adam = CliRun.of("train", "--data", data, "--layers", "16,8,3", "--optimizer", "adam", "--spark", "local[2]");
        assertEquals(Main.BAD_INPUT, adam.status());
        assertTrue(adam.err().startsWith("descent: --spark trains with the full-batch minimizers ("), adam.err());
        assertTrue(adam.err().strip().endsWith("not the optimizer adam"), adam.err());
        CliRun partitions = CliRun.of("train", "--data", data, "--layers", "16,8,3", "--optimizer", "lbfgs", "--batch",
                "all", "--partitions", "4");
        assertEquals(Main.BAD_INPUT, partitions.status());
        assertEquals("descent: --partitions applies only to a run on Spark (--spark MASTER)", partitions.err().strip());
        // The tests' class path has descent-spark but not Spark (provided): as the launcher without it.
        CliRun lbfgs = CliRun.of("train", "--data", data, "--layers", "16,8,3", "--optimizer", "lbfgs", "--batch", "all",
                "--max-iter", "2", "--spark", "local[2]");
        assertEquals(Main.BAD_INPUT, lbfgs.status());
        assertTrue(lbfgs.err().lines().filter(l -> l.startsWith("descent: ")).findFirst().orElse("")
                .startsWith("descent: --spark: Apache Spark is not on the class path ("), lbfgs.err());
    }

    @Test
    void adamLearnsTheRowsAndPrintsOneJsonLine() throws IOException {
        Path data = dataset();
        CliRun r = CliRun.of("train", "--data", data.toString(), "--layers", "16,8,3", "--optimizer", "adam", "--lr",
                "0.05", "--batch", "10", "--epochs", "15", "--backend", "reference", "--seed", "3", "--json");
        JsonNode j = json(r);
        assertEquals(1, r.out().lines().count(), r.out());
        assertEquals("adam", j.get("optimizer").asText());
        assertEquals("reference", j.get("backend").asText());
        assertEquals("16,8,3", j.get("layers").asText());
        assertEquals(15, j.get("epochs").asInt());
        assertEquals("10", j.get("batch").asText());
        assertEquals(15 * 9, j.get("steps").asInt());
        for (String f : List.of("train_loss", "test_accuracy", "seconds", "seconds_per_epoch", "examples_per_s")) {
            assertTrue(j.get(f).isNumber(), f + " in " + r.out());
        }
        // Separable rows with noise a quarter of the signal: a learnt network gets nearly all right.
        assertTrue(j.get("test_accuracy").asDouble() >= 0.9, r.out());
        assertTrue(j.get("train_loss").asDouble() < 0.3, r.out());
        assertEquals(15, j.get("epoch_loss").size());
        assertTrue(j.get("epoch_loss").get(14).asDouble() < j.get("epoch_loss").get(0).asDouble(), r.out());
        assertEquals(15, r.errLines().stream().filter(l -> l.startsWith("epoch ")).count(), r.err());
        // Each epoch's seconds, which add up to the run's (the first epoch's JIT warm-up shows there).
        assertEquals(15, j.get("epoch_seconds").size());
        double sum = 0;
        for (JsonNode e : j.get("epoch_seconds")) {
            assertTrue(e.asDouble() > 0, r.out());
            sum += e.asDouble();
        }
        assertEquals(j.get("seconds").asDouble(), sum, 1e-9 * sum, r.out());
        CliRun text = CliRun.of("train", "--data", data.toString(), "--layers", "16,8,3", "--optimizer", "adam",
                "--batch", "10", "--epochs", "3", "--backend", "reference");
        assertEquals(Main.OK, text.status(), text.err());
        assertTrue(text.out().lines().anyMatch(l -> l.matches(
                " *seconds +[0-9.]+ \\([0-9.]+ per epoch; the first [0-9.]+, the later ones [0-9.]+ \\(median\\)\\)")),
                text.out());
    }

    @Test
    void theSummaryNamesTheNumbersAndThePlotIsWritten() throws IOException {
        Path data = dataset();
        Path png = dir.resolve("train.png");
        Path svg = dir.resolve("train.svg");
        CliRun r = CliRun.of("train", "--data", data.toString(), "--layers", "16,8,3", "--optimizer", "sgd", "--lr",
                "0.5", "--hyper", "momentum=0.9", "--batch", "30", "--epochs", "3", "--backend", "reference",
                "--plot", png.toString());
        assertEquals(Main.OK, r.status(), r.out() + r.err());
        for (String label : List.of("train loss", "test accuracy", "seconds", "examples/s")) {
            assertTrue(r.out().contains(label), r.out());
        }
        assertTrue(Files.size(png) > 1000, "PNG written");
        CliRun s = CliRun.of("train", "--data", data.toString(), "--layers", "16,8,3", "--epochs", "1",
                "--backend", "reference", "--plot", svg.toString());
        assertEquals(Main.OK, s.status(), s.err());
        assertTrue(Files.readString(svg).contains("<svg"), "SVG written");
    }

    @Test
    void lbfgsAndHfTrainOnTheWholeBatchAndRefuseMiniBatches() throws IOException {
        Path data = dataset();
        for (String method : List.of("lbfgs", "hf")) {
            CliRun refused = CliRun.of("train", "--data", data.toString(), "--layers", "16,8,3", "--optimizer", method,
                    "--batch", "32", "--backend", "reference");
            assertEquals(Main.BAD_INPUT, refused.status(), refused.err());
            assertEquals(1, refused.errLines().size(), refused.err());
            assertTrue(refused.err().contains("full-batch method: it needs the whole batch (--batch all)"),
                    refused.err());
            JsonNode j = json(CliRun.of("train", "--data", data.toString(), "--layers", "16,8,3", "--optimizer", method,
                    "--batch", "all", "--max-iter", "30", "--backend", "reference", "--json"));
            assertEquals(method, j.get("optimizer").asText());
            assertEquals("all", j.get("batch").asText());
            assertTrue(j.get("test_accuracy").asDouble() >= 0.9, j.toString());
        }
    }

    @Test
    void hfTrainsWithItsCurvatureOnASampleAndTheOptionIsRefusedWhereItDoesNotApply() throws IOException {
        Path data = dataset();
        // 90 training rows: a sample of 0.5 is 45 of them, one new sample per conjugate-gradient run.
        JsonNode j = json(CliRun.of("train", "--data", data.toString(), "--layers", "16,8,3", "--optimizer", "hf",
                "--batch", "all", "--max-iter", "30", "--curvature-sample", "0.5", "--backend", "reference", "--json"));
        JsonNode c = j.get("curvature_sample");
        assertEquals(0.5, c.get("fraction").asDouble(), 0);
        assertEquals(45, c.get("examples").asInt());
        int iterations = j.get("epoch_loss").size();
        assertTrue(c.get("draws").asInt() >= 1 && c.get("draws").asInt() <= iterations + 1, j.toString());
        assertTrue(j.get("test_accuracy").asDouble() >= 0.9, j.toString());
        CliRun text = CliRun.of("train", "--data", data.toString(), "--layers", "16,8,3", "--optimizer", "hf",
                "--max-iter", "3", "--curvature-sample", "0.5", "--backend", "reference");
        assertEquals(Main.OK, text.status(), text.err());
        assertTrue(text.out().contains("Gauss-Newton products on 45 examples (0.5 of them)"), text.out());
        for (List<String> bad : List.of(
                List.of("--optimizer", "lbfgs", "--curvature-sample", "0.5"),
                List.of("--optimizer", "adam", "--curvature-sample", "0.5"),
                List.of("--optimizer", "hf", "--curvature-sample", "0"),
                List.of("--optimizer", "hf", "--curvature-sample", "1.5"),
                List.of("--optimizer", "hf", "--curvature-sample", "half"),
                List.of("--optimizer", "hf", "--curvature-sample", "0.5", "--spark", "local[2]"))) {
            List<String> run = new java.util.ArrayList<>(List.of("train", "--data", data.toString(), "--layers",
                    "16,8,3", "--backend", "reference"));
            run.addAll(bad);
            CliRun r = CliRun.of(run.toArray(String[]::new));
            assertEquals(Main.BAD_INPUT, r.status(), bad + ": " + r.err());
            assertEquals(1, r.errLines().size(), bad + ": " + r.err());
            assertTrue(r.err().contains("--curvature-sample"), bad + ": " + r.err());
        }
    }

    @Test
    void vsgdTrainsWithTheNetworksCurvatureAndRefusesWhatDoesNotApplyToIt() throws IOException {
        Path data = dataset();
        // vSGD (its finite-difference variant by default) sets its own rates, no --lr tuned: 10 epochs of
        // batches of 30 must learn the three classes.
        JsonNode j = json(CliRun.of("train", "--data", data.toString(), "--layers", "16,8,3", "--optimizer", "vsgd",
                "--batch", "30", "--epochs", "10", "--backend", "reference", "--json"));
        assertEquals("vsgd", j.get("optimizer").asText());
        assertEquals(10, j.get("epochs").asInt());
        assertEquals(10, j.get("epoch_test_accuracy").size());
        assertTrue(j.get("test_accuracy").asDouble() >= 0.9, j.toString());
        CliRun refused = CliRun.of("train", "--data", data.toString(), "--layers", "16,8,3", "--optimizer", "vsgd",
                "--clip-grad-norm", "1", "--backend", "reference");
        assertEquals(Main.BAD_INPUT, refused.status());
        assertEquals(1, refused.errLines().size(), refused.err());
        assertTrue(refused.err().contains("--clip-grad-norm does not apply to vsgd"), refused.err());
    }

    @Test
    void theKernelWarmUpLeavesTheRunBitForBitAsItWas() throws IOException {
        // On simd, train warms the kernels up on synthetic data while it reads the real data (KernelWarmUp):
        // the run must not see any of it — the same losses and accuracies, bit for bit, without it.
        String[] run = warmUpRun(dataset(), "3");
        assertSameTraining(coldRun(run), json(CliRun.of(run)));
    }

    @Test
    void aLongRunWaitsForTheWarmUpBeforeItsClockAndAShortOneDoesNot() throws IOException {
        // More than KernelWarmUp.WAIT_EXAMPLES examples (1 700 steps of 30): the run waits for the warm-up
        // and says how long; 1 600 steps (48 000 examples) do not wait. Either way the run is bit for bit
        // the one without a warm-up.
        Path data = dataset();
        String[] longRun = concat(warmUpRun(data, "600"), "--max-iter", "1700");
        JsonNode waited = json(CliRun.of(longRun));
        JsonNode notWaited = json(CliRun.of(concat(warmUpRun(data, "600"), "--max-iter", "1600")));
        assertTrue(waited.get("warm_up_seconds").asDouble() > 0, waited.toString());
        assertEquals(0.0, notWaited.get("warm_up_seconds").asDouble(), notWaited.toString());
        JsonNode cold = coldRun(longRun);
        assertTrue(cold.get("warm_up_seconds").isNull(), cold.toString());
        assertSameTraining(cold, waited);
    }

    /**
     * A simd run for the warm-up tests: mse and relu, no exp or tanh, whose Vector API forms can differ in the
     * last bit between interpreted and compiled code, so the run is bit for bit reproducible whatever the JIT
     * has done by then.
     */
    private static String[] warmUpRun(Path data, String epochs) {
        return new String[] {"train", "--data", data.toString(), "--layers", "16,8,3", "--activation", "relu",
            "--loss", "mse", "--optimizer", "adam", "--batch", "30", "--epochs", epochs, "--backend", "simd", "--json"};
    }

    /** The JSON line of {@code run} without the kernel warm-up. */
    private static JsonNode coldRun(String[] run) throws IOException {
        System.setProperty("descent.noWarmUp", "true");
        try {
            return json(CliRun.of(run));
        } finally {
            System.clearProperty("descent.noWarmUp");
        }
    }

    private static void assertSameTraining(JsonNode expected, JsonNode actual) {
        for (String key : List.of("train_loss", "epoch_loss")) {
            assertEquals(expected.get(key), actual.get(key), key);
        }
    }

    private static String[] concat(String[] args, String... more) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.Arrays.stream(more))
                .toArray(String[]::new);
    }

    @Test
    void aMinimizerReportsIterationsWithTheTestAccuracyAfterEach() throws IOException {
        Path data = dataset();
        CliRun r = CliRun.of("train", "--data", data.toString(), "--layers", "16,8,3", "--optimizer", "lbfgs",
                "--max-iter", "5", "--backend", "reference");
        assertEquals(Main.OK, r.status(), r.err());
        assertTrue(r.out().contains("5 iterations, batch all"), r.out());
        assertTrue(r.out().contains("per iteration)"), r.out());
        assertTrue(r.err().contains("iteration 5/5"), r.err());
        JsonNode j = json(CliRun.of("train", "--data", data.toString(), "--layers", "16,8,3", "--optimizer", "lbfgs",
                "--max-iter", "5", "--backend", "reference", "--json"));
        for (JsonNode a : j.get("epoch_test_accuracy")) {
            assertTrue(a.isNumber() && a.asDouble() > 0, "an accuracy after every iteration: " + j);
        }
    }

    @Test
    void methodsThatCannotTrainANetworkSayWhyInOneLine() throws IOException {
        Path data = dataset();
        // 16·300 + 300 + 300·3 + 3 = 6003 parameters: more than newton's dense Hessian allows (4096).
        CliRun newton = CliRun.of("train", "--data", data.toString(), "--layers", "16,300,3", "--optimizer", "newton",
                "--batch", "all", "--backend", "reference");
        assertEquals(Main.BAD_INPUT, newton.status(), newton.out() + newton.err());
        assertEquals(1, newton.errLines().size(), newton.err());
        assertTrue(newton.err().contains("newton builds a dense n×n Hessian"), newton.err());
    }

    @Test
    void csvDataTrainsAndABadCellIsOneLine() throws IOException {
        StringBuilder csv = new StringBuilder("a,b,label\n");
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 60; i++) {
            double a = random.nextDouble(-1, 1);
            double b = random.nextDouble(-1, 1);
            csv.append(a).append(',').append(b).append(',').append(a + b > 0 ? 1 : 0).append('\n');
        }
        Path file = Files.writeString(dir.resolve("half.csv"), csv);
        JsonNode j = json(CliRun.of("train", "--data", file.toString(), "--test-data", file.toString(), "--layers",
                "2,6,2", "--activation", "tanh", "--optimizer", "adam", "--lr", "0.05", "--batch", "10", "--epochs", "20",
                "--backend", "reference", "--json"));
        assertTrue(j.get("test_accuracy").asDouble() >= 0.85, j.toString());
        Path bad = Files.writeString(dir.resolve("bad.csv"), "1,2,0\n3,x,1\n");
        CliRun r = CliRun.of("train", "--data", bad.toString(), "--layers", "2,4,2", "--backend", "reference");
        assertEquals(Main.BAD_INPUT, r.status());
        assertEquals(List.of("descent: " + bad + ":2:2: feature 'x' is not a number"), r.errLines());
    }

    @Test
    void badIdxFilesAndAMissingFashionMnistAreOneLine() throws IOException {
        Path data = dataset();
        Files.write(data.resolve("t10k-labels-idx1-ubyte"), new byte[] {0, 0, 8, 1, 0, 0});
        CliRun r = CliRun.of("train", "--data", data.toString(), "--layers", "16,8,3", "--backend", "reference");
        assertEquals(Main.BAD_INPUT, r.status());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains(data.resolve("t10k-labels-idx1-ubyte").toString()) && r.err().contains("truncated"),
                r.err());
        String before = System.getProperty(TrainingSets.FASHION_MNIST_PROPERTY);
        System.setProperty(TrainingSets.FASHION_MNIST_PROPERTY, dir.resolve("nothing-here").toString());
        try {
            CliRun m = CliRun.of("train", "--data", "fashion-mnist", "--layers", "784,10", "--backend", "reference");
            assertEquals(Main.BAD_INPUT, m.status());
            assertEquals(1, m.errLines().size(), m.err());
            assertTrue(m.err().endsWith("apt-get install dataset-fashion-mnist" + System.lineSeparator()), m.err());
        } finally {
            if (before == null) {
                System.clearProperty(TrainingSets.FASHION_MNIST_PROPERTY);
            } else {
                System.setProperty(TrainingSets.FASHION_MNIST_PROPERTY, before);
            }
        }
        CliRun w = CliRun.of("train", "--data", data.toString(), "--test-data", data + "/train-images-idx3-ubyte,"
                + data + "/train-labels-idx1-ubyte", "--layers", "9,3", "--backend", "reference");
        assertEquals(Main.BAD_INPUT, w.status());
        assertTrue(w.err().contains("--layers 9,3 starts with 9 inputs") && w.err().contains("16 features"), w.err());
    }

    @Test
    void savedWeightsLoadBackAndAMisfitFileNamesTheTensor() throws IOException {
        Path data = dataset();
        Path saved = dir.resolve("w.safetensors");
        JsonNode first = json(CliRun.of("train", "--data", data.toString(), "--layers", "16,8,3", "--epochs", "2",
                "--lr", "0.05", "--backend", "reference", "--save", saved.toString(), "--json"));
        List<NamedTensor> tensors = Safetensors.read(saved);
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), tensors.stream().map(NamedTensor::name).toList());
        assertArrayEquals(new int[] {8, 16}, tensors.getFirst().shape());
        // Plain SGD from the saved weights with lr 1e-20 leaves each float32 weight as it is (a step below half
        // an ulp of any weight not itself ~1e-13), so the training loss is the saved network's, to the last bit.
        JsonNode again = json(CliRun.of("train", "--data", data.toString(), "--layers", "16,8,3", "--epochs", "1",
                "--optimizer", "sgd", "--lr", "1e-20", "--backend", "reference", "--init", saved.toString(), "--json"));
        assertEquals(first.get("train_loss").asDouble(), again.get("train_loss").asDouble(), 0);
        CliRun misfit = CliRun.of("train", "--data", data.toString(), "--layers", "16,5,3", "--backend", "reference",
                "--init", saved.toString());
        assertEquals(Main.BAD_INPUT, misfit.status());
        assertEquals(List.of("descent: --init " + saved + ": tensor '0.weight' has shape [8, 16], the network needs"
                + " [5, 16]"), misfit.errLines());
    }

    @Test
    void clipGradNormClipsInsideTheStepAndReportsTheLastNorm() throws IOException {
        // torch's clip_grad_norm_ scales only when max_norm / (norm + 1e-6) < 1: a bound far above
        // every norm leaves the run bit for bit unclipped, one far below changes it.
        Path data = dataset();
        Path none = dir.resolve("none.safetensors");
        Path huge = dir.resolve("huge.safetensors");
        Path tiny = dir.resolve("tiny.safetensors");
        List<String> run = List.of("train", "--data", data.toString(), "--layers", "16,8,3", "--lr", "0.05",
                "--batch", "10", "--epochs", "2", "--backend", "reference", "--json");
        JsonNode plain = json(CliRun.of(with(run, "--save", none.toString())));
        assertTrue(plain.get("clip_grad_norm").isNull() && plain.get("last_grad_norm").isNull(), plain.toString());
        JsonNode big = json(CliRun.of(with(run, "--clip-grad-norm", "1e9", "--save", huge.toString())));
        assertEquals(1e9, big.get("clip_grad_norm").asDouble());
        double norm = big.get("last_grad_norm").asDouble();
        assertTrue(norm > 0 && norm < 1e3, big.toString());
        assertArrayEquals(Files.readAllBytes(none), Files.readAllBytes(huge));
        json(CliRun.of(with(run, "--clip-grad-norm", "1e-4", "--save", tiny.toString())));
        assertFalse(Arrays.equals(Files.readAllBytes(none), Files.readAllBytes(tiny)));
        CliRun negative = CliRun.of(with(run, "--clip-grad-norm", "-1"));
        assertEquals(Main.BAD_INPUT, negative.status());
        assertEquals(List.of("descent: --clip-grad-norm must be a finite number ≥ 0 (torch's max_norm), got '-1'"),
                negative.errLines());
    }

    private static String[] with(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
