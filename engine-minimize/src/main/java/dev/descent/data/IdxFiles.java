package dev.descent.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads image classification sets in the IDX format of MNIST and Fashion-MNIST (LeCun, Cortes and
 * Burges, "The MNIST database", yann.lecun.com/exdb/mnist): a 4-byte magic number — two zero bytes,
 * the element type ({@code 0x08}: unsigned byte, the only one read here) and the number of
 * dimensions — then each dimension as a big-endian 32-bit integer, then the values, row-major. An
 * images file has 3 dimensions (examples × rows × columns, magic {@code 0x00000803}), a labels file
 * has 1 (magic {@code 0x00000801}). Either file may be gzip-compressed (recognised by its first two
 * bytes, {@code 1f 8b}), as the files are distributed.
 *
 * <p>Every malformed file — wrong magic, another element type, a header or data cut short, bytes
 * after the data, a zero dimension or one too large for an array, image and label counts that
 * disagree, a label out of range — is an {@link IllegalArgumentException} whose one-line message
 * names the file and the problem. Memory is allocated only for data actually present in the file, so
 * a corrupt header cannot make the reader allocate a huge array.
 */
public final class IdxFiles {
    private static final int UNSIGNED_BYTE = 0x08;
    /** The largest array length the JVM reliably allocates. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
    private static final String[] IMAGE_DIMENSIONS = {"images", "rows", "columns"};
    private static final String[] LABEL_DIMENSIONS = {"labels"};

    private IdxFiles() {
    }

    /**
     * The examples of the images file {@code images} (each image's rows·columns pixels scaled from
     * 0 … 255 to [0, 1] by dividing by 255) with the labels of {@code labels}, each in
     * {@code 0 … classes − 1}.
     *
     * @throws IllegalArgumentException naming the file and the problem, when either file is malformed
     *     or the two do not fit together, or when {@code classes < 2}
     * @throws UncheckedIOException when a file cannot be read
     */
    public static ClassificationData read(Path images, Path labels, int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("a classification needs at least 2 classes, got " + classes);
        }
        Idx pixels = load(images, IMAGE_DIMENSIONS);
        Idx classOf = load(labels, LABEL_DIMENSIONS);
        int rows = pixels.dims()[0];
        if (classOf.dims()[0] != rows) {
            throw new IllegalArgumentException(images + " has " + rows + " images but " + labels + " has "
                    + classOf.dims()[0] + " labels");
        }
        int cols = pixels.dims()[1] * pixels.dims()[2];
        float[] features = new float[pixels.values().length];
        for (int i = 0; i < features.length; i++) {
            features[i] = (pixels.values()[i] & 0xFF) / 255f;
        }
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) {
            y[i] = classOf.values()[i] & 0xFF;
            if (y[i] >= classes) {
                throw bad(labels, "label " + y[i] + " of example " + i + " is out of range 0 … " + (classes - 1));
            }
        }
        return new ClassificationData(rows, cols, classes, features, y);
    }

    /** The dimensions and raw unsigned-byte values of one IDX file. */
    private record Idx(int[] dims, byte[] values) {
    }

    private static Idx load(Path file, String[] dimensionNames) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(2);
            boolean gzip = raw.read() == 0x1F && raw.read() == 0x8B;
            raw.reset();
            try (InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw) {
                return parse(file, in, dimensionNames);
            } catch (EOFException e) {
                throw bad(file, "truncated gzip stream");
            } catch (ZipException e) {
                throw bad(file, "corrupt gzip stream (" + e.getMessage() + ")");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read data file " + file + ": " + e.getMessage(), e);
        }
    }

    private static Idx parse(Path file, InputStream in, String[] dimensionNames) throws IOException {
        int want = dimensionNames.length;
        int expectedMagic = UNSIGNED_BYTE << 8 | want;
        byte[] head = in.readNBytes(4);
        if (head.length < 4) {
            throw bad(file, "truncated: " + head.length + " bytes, fewer than the 4 of an IDX magic number");
        }
        int magic = bigEndian(head, 0);
        if (head[0] != 0 || head[1] != 0) {
            throw bad(file, String.format("not an IDX file: magic number 0x%08X, expected 0x%08X", magic, expectedMagic));
        }
        int type = head[2] & 0xFF;
        if (type != UNSIGNED_BYTE) {
            throw bad(file, String.format("IDX element type 0x%02X (%s) is not supported, only 0x08 (unsigned byte)",
                    type, typeName(type)));
        }
        if ((head[3] & 0xFF) != want) {
            throw bad(file, String.format("magic number 0x%08X says %d dimensions, expected %d (%s, magic 0x%08X)",
                    magic, head[3] & 0xFF, want, String.join(" × ", dimensionNames), expectedMagic));
        }
        byte[] dimBytes = in.readNBytes(4 * want);
        if (dimBytes.length < 4 * want) {
            throw bad(file, "truncated header: " + dimBytes.length + " of the " + 4 * want + " bytes of dimensions");
        }
        int[] dims = new int[want];
        long count = 1;
        for (int k = 0; k < want; k++) {
            long d = Integer.toUnsignedLong(bigEndian(dimBytes, 4 * k));
            if (d == 0) {
                throw bad(file, "the number of " + dimensionNames[k] + " is 0");
            }
            count *= d; // at most (2³² − 1)·MAX_ARRAY before the check below stops the loop: no long overflow
            if (count > MAX_ARRAY) {
                throw bad(file, "dimensions " + dimensionList(dimBytes, k) + " make more values than an array holds ("
                        + MAX_ARRAY + ")");
            }
            dims[k] = (int) d;
        }
        byte[] values = in.readNBytes((int) count); // grows with the bytes actually read, never to count up front
        if (values.length < count) {
            throw bad(file, "truncated: the header promises " + count + " values, only " + values.length + " follow");
        }
        if (in.read() != -1) {
            throw bad(file, "trailing data after the " + count + " values the header promises");
        }
        return new Idx(dims, values);
    }

    private static String dimensionList(byte[] dimBytes, int last) {
        StringBuilder s = new StringBuilder();
        for (int k = 0; k <= last; k++) {
            s.append(k == 0 ? "" : " × ").append(Integer.toUnsignedLong(bigEndian(dimBytes, 4 * k)));
        }
        return s.toString();
    }

    private static int bigEndian(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }

    private static String typeName(int type) {
        return switch (type) {
            case 0x09 -> "signed byte";
            case 0x0B -> "short";
            case 0x0C -> "int";
            case 0x0D -> "float";
            case 0x0E -> "double";
            default -> "unknown";
        };
    }

    private static IllegalArgumentException bad(Path file, String problem) {
        return new IllegalArgumentException(file + ": " + problem);
    }
}
