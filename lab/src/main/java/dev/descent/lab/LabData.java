package dev.descent.lab;

import dev.descent.data.ClassificationData;
import dev.descent.data.IdxFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The classification data of the network experiments: Fashion-MNIST as Debian's
 * {@code dataset-fashion-mnist} installs it, or, for {@code --quick} runs and machines without that
 * package, a seeded synthetic set (Gaussian clusters with label noise) that needs no download.
 *
 * @param train the training examples
 * @param test the test examples
 * @param description what the data are, for tables and claims (says so when Fashion-MNIST was missing)
 */
public record LabData(ClassificationData train, ClassificationData test, String description) {

    /** Where Debian's {@code dataset-fashion-mnist} installs the IDX files. */
    public static final String FASHION_MNIST = "/usr/share/datasets/fashion-mnist";

    /** System property: another folder to read as Fashion-MNIST (the same one {@code ./descent train} reads). */
    public static final String FASHION_MNIST_PROPERTY = "descent.fashion-mnist.dir";

    /** The folder Fashion-MNIST is read from: the property's, else Debian's. */
    public static Path fashionMnistDirectory() {
        return Path.of(System.getProperty(FASHION_MNIST_PROPERTY, FASHION_MNIST));
    }

    /** Whether Fashion-MNIST's four files are in {@link #fashionMnistDirectory()}. */
    public static boolean fashionMnistInstalled() {
        Path dir = fashionMnistDirectory();
        for (String f : new String[] {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"}) {
            if (!Files.isReadable(dir.resolve(f))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The first {@code trainRows} training examples of Fashion-MNIST and its 10 000 test examples.
     *
     * @throws IllegalStateException naming the folder and the package when the files are missing
     */
    public static LabData fashionMnist(int trainRows) {
        Path dir = fashionMnistDirectory();
        if (!fashionMnistInstalled()) {
            throw new IllegalStateException("Fashion-MNIST is not in " + dir + ": apt-get install dataset-fashion-mnist");
        }
        ClassificationData train = IdxFiles.read(dir.resolve("train-images-idx3-ubyte.gz"),
                dir.resolve("train-labels-idx1-ubyte.gz"), 10);
        ClassificationData test = IdxFiles.read(dir.resolve("t10k-images-idx3-ubyte.gz"),
                dir.resolve("t10k-labels-idx1-ubyte.gz"), 10);
        ClassificationData head = head(train, trainRows);
        return new LabData(head, test, "Fashion-MNIST (" + head.rows() + " training, " + test.rows() + " test images)");
    }

    /**
     * Fashion-MNIST as {@link #fashionMnist(int)} when it is installed, else {@code fallback}, whose
     * description then says that Fashion-MNIST was missing.
     */
    public static LabData fashionMnistOr(int trainRows, LabData fallback) {
        if (fashionMnistInstalled()) {
            return fashionMnist(trainRows);
        }
        return new LabData(fallback.train(), fallback.test(), fallback.description() + " — Fashion-MNIST is not"
                + " installed in " + fashionMnistDirectory() + " (apt-get install dataset-fashion-mnist), so these"
                + " synthetic data stand in for it");
    }

    /**
     * {@code trainRows + testRows} examples of {@code features} features in {@code classes} classes,
     * drawn from {@code seed}: each class a Gaussian cluster (unit variance around a centre drawn from
     * N(0, 1) per feature), with a share {@code labelNoise} of the labels replaced by uniform ones, so
     * that the training set can be fitted beyond what generalises.
     */
    public static LabData synthetic(int trainRows, int testRows, int features, int classes, double labelNoise,
            long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] centres = new double[classes][features];
        for (double[] c : centres) {
            for (int j = 0; j < features; j++) {
                c[j] = gaussian(random);
            }
        }
        ClassificationData train = clusters(random, centres, trainRows, labelNoise);
        ClassificationData test = clusters(random, centres, testRows, labelNoise);
        return new LabData(train, test, String.format(java.util.Locale.ROOT,
                "synthetic data (%d training, %d test examples: %d Gaussian clusters in %d features, %.0f%% label noise,"
                        + " seed %d)", trainRows, testRows, classes, features, 100 * labelNoise, seed));
    }

    private static ClassificationData clusters(SplittableRandom random, double[][] centres, int rows, double noise) {
        int classes = centres.length;
        int features = centres[0].length;
        float[] x = new float[rows * features];
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) {
            int c = random.nextInt(classes);
            for (int j = 0; j < features; j++) {
                x[i * features + j] = (float) (centres[c][j] + gaussian(random));
            }
            y[i] = random.nextDouble() < noise ? random.nextInt(classes) : c;
        }
        return new ClassificationData(rows, features, classes, x, y);
    }

    /** A standard normal draw (Box–Muller), so that the data depend on the seed alone. */
    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    /** The first {@code rows} examples of {@code data} (all of them if it has fewer). */
    public static ClassificationData head(ClassificationData data, int rows) {
        if (rows >= data.rows()) {
            return data;
        }
        if (rows < 1) {
            throw new IllegalArgumentException("a data set needs at least one example, asked for " + rows);
        }
        return new ClassificationData(rows, data.cols(), data.classes(),
                Arrays.copyOf(data.features(), rows * data.cols()), Arrays.copyOf(data.labels(), rows));
    }
}
