package dev.descent.cli;

import dev.descent.data.ClassificationData;
import dev.descent.data.CsvFiles;
import dev.descent.data.IdxFiles;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The data of {@code descent train}: {@code --data} and {@code --test-data} read into classification
 * sets. A value is {@code fashion-mnist} (Debian's {@code dataset-fashion-mnist} under
 * {@value #FASHION_MNIST}: its training and test files), a folder laid out as that one
 * ({@code train-images-idx3-ubyte[.gz]}, {@code train-labels-idx1-ubyte[.gz]} and, for the test set,
 * {@code t10k-…}), {@code IMAGES,LABELS} (an IDX pair), or a CSV file (features then a label per line).
 *
 * @param train the training examples
 * @param test the test examples, or null when there are none
 * @param name the training data as the reports name it
 */
record TrainingSets(ClassificationData train, ClassificationData test, String name) {

    /** Where Debian's {@code dataset-fashion-mnist} installs the IDX files. */
    static final String FASHION_MNIST = "/usr/share/datasets/fashion-mnist";

    /** System property: another folder to read as {@code fashion-mnist} (the tests point it at theirs). */
    static final String FASHION_MNIST_PROPERTY = "descent.fashion-mnist.dir";

    /** The name of the data set installed by the Debian package. */
    static final String FASHION_MNIST_NAME = "fashion-mnist";

    /**
     * The training set {@code data} and the test set {@code testData} (null: the test files beside a
     * folder's or fashion-mnist's training files, none for an IDX pair or a CSV file), labels in
     * {@code 0 … classes − 1}.
     */
    static TrainingSets load(String data, String testData, int classes) throws BadInputException {
        ClassificationData train = read(data, "train", classes);
        ClassificationData test;
        if (testData != null) {
            test = read(testData, "t10k", classes);
        } else if (folder(data) != null) {
            test = read(data, "t10k", classes);
        } else {
            test = null;
        }
        if (test != null && test.cols() != train.cols()) {
            throw new BadInputException("--test-data has " + test.cols() + " features per example, --data has "
                    + train.cols());
        }
        return new TrainingSets(train, test, data);
    }

    /** The first {@code n} training examples (all if there are fewer). */
    TrainingSets firstExamples(int n) {
        if (n >= train.rows()) {
            return this;
        }
        ClassificationData head = new ClassificationData(n, train.cols(), train.classes(),
                Arrays.copyOf(train.features(), n * train.cols()), Arrays.copyOf(train.labels(), n));
        return new TrainingSets(head, test, name);
    }

    /** The folder of IDX files that {@code data} names, or null if it names a file or a pair. */
    private static Path folder(String data) throws BadInputException {
        if (data.equals(FASHION_MNIST_NAME)) {
            Path dir = Path.of(System.getProperty(FASHION_MNIST_PROPERTY, FASHION_MNIST));
            if (idx(dir, "train", "images") == null || idx(dir, "train", "labels") == null) {
                throw new BadInputException("Fashion-MNIST is not installed (no " + dir.resolve("train-images-idx3-ubyte.gz")
                        + "): apt-get install dataset-fashion-mnist");
            }
            return dir;
        }
        Path p = path(data);
        return Files.isDirectory(p) ? p : null;
    }

    private static ClassificationData read(String data, String part, int classes) throws BadInputException {
        try {
            Path dir = folder(data);
            if (dir != null) {
                Path images = idx(dir, part, "images");
                Path labels = idx(dir, part, "labels");
                if (images == null || labels == null) {
                    throw new BadInputException(dir + ": no " + part + "-images-idx3-ubyte[.gz] and "
                            + part + "-labels-idx1-ubyte[.gz] in this folder");
                }
                return IdxFiles.read(images, labels, classes);
            }
            int comma = data.indexOf(',');
            if (comma >= 0) {
                return IdxFiles.read(readable(data.substring(0, comma)), readable(data.substring(comma + 1)), classes);
            }
            return CsvFiles.read(readable(data), classes);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    /** {@code dir/part-kind-idxN-ubyte}, or its {@code .gz}, whichever exists; null if neither. */
    private static Path idx(Path dir, String part, String kind) {
        String name = part + "-" + kind + (kind.equals("images") ? "-idx3-ubyte" : "-idx1-ubyte");
        for (String candidate : new String[] {name, name + ".gz"}) {
            Path p = dir.resolve(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    private static Path readable(String file) throws BadInputException {
        Path p = path(file);
        if (!Files.isReadable(p) || Files.isDirectory(p)) {
            throw new BadInputException(file + ": no such file, or not readable");
        }
        return p;
    }

    private static Path path(String file) throws BadInputException {
        try {
            return Path.of(file.strip());
        } catch (InvalidPathException e) {
            throw new BadInputException(file + ": not a valid path: " + e.getReason());
        }
    }
}
