package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link IdxFiles}: IDX images and labels, plain or gzip, and one clear line for each kind of bad file. */
class IdxFilesTest {
    /** Three 2 × 2 images. */
    private static final byte[] PIXELS = {0, (byte) 255, 1, (byte) 128, 2, 3, 4, 5, (byte) 254, 100, 50, 7};
    private static final byte[] LABELS = {0, 9, 3};

    @TempDir
    Path dir;

    /** An IDX file: magic {@code 00 00 type dims.length}, the big-endian dimensions, then {@code values}. */
    static byte[] idx(int type, int[] dims, byte[] values) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + values.length);
        b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.put(values).array();
    }

    static byte[] images(int n, int rows, int cols, byte[] pixels) {
        return idx(0x08, new int[] {n, rows, cols}, pixels);
    }

    static byte[] labels(byte[] labels) {
        return idx(0x08, new int[] {labels.length}, labels);
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private void assertRead(ClassificationData d) {
        assertEquals(3, d.rows());
        assertEquals(4, d.cols());
        assertEquals(10, d.classes());
        assertArrayEquals(new int[] {0, 9, 3}, d.labels());
        float[] expected = new float[PIXELS.length];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = (PIXELS[i] & 0xFF) / 255f;
        }
        assertArrayEquals(expected, d.features()); // exact: the same float division
        assertEquals(0f, d.features()[0]);
        assertEquals(1f, d.features()[1]);
        assertEquals(128 / 255f, d.features()[3]);
    }

    @Test
    void readsPlainImagesAndLabels() throws IOException {
        assertRead(IdxFiles.read(write("img", images(3, 2, 2, PIXELS)), write("lab", labels(LABELS)), 10));
    }

    @Test
    void readsGzipFilesAndMixedOnes() throws IOException {
        Path img = write("img.gz", gzip(images(3, 2, 2, PIXELS)));
        Path lab = write("lab.gz", gzip(labels(LABELS)));
        assertRead(IdxFiles.read(img, lab, 10));
        assertRead(IdxFiles.read(img, write("lab", labels(LABELS)), 10));
    }

    /** The message is one line that names the file and contains {@code problem}. */
    private IllegalArgumentException assertBad(Path named, String problem, Path images, Path labels, int classes) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IdxFiles.read(images, labels, classes));
        assertTrue(e.getMessage().startsWith(named + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e;
    }

    private void assertBadImages(byte[] imageFile, String problem) throws IOException {
        Path img = write("bad-images", imageFile);
        assertBad(img, problem, img, write("lab", labels(LABELS)), 10);
        Path gz = write("bad-images.gz", gzip(imageFile));
        assertBad(gz, problem, gz, write("lab", labels(LABELS)), 10);
    }

    @Test
    void wrongMagicIsNamed() throws IOException {
        byte[] f = images(3, 2, 2, PIXELS);
        f[0] = 0x50; // e.g. a PNG or text file
        assertBadImages(f, "not an IDX file: magic number 0x50000803, expected 0x00000803");
    }

    @Test
    void otherElementTypesAreRejected() throws IOException {
        assertBadImages(idx(0x0D, new int[] {3, 2, 2}, new byte[48]), "IDX element type 0x0D (float) is not supported");
        assertBadImages(idx(0x42, new int[] {3, 2, 2}, PIXELS), "IDX element type 0x42 (unknown) is not supported");
    }

    @Test
    void aLabelsFileGivenAsImagesIsNamed() throws IOException {
        Path lab = write("lab", labels(LABELS));
        assertBad(lab, "magic number 0x00000801 says 1 dimensions, expected 3 (images × rows × columns, magic 0x00000803)",
                lab, lab, 10);
        Path img = write("img", images(3, 2, 2, PIXELS));
        assertBad(img, "says 3 dimensions, expected 1 (labels, magic 0x00000801)", img, img, 10);
    }

    @Test
    void truncatedFilesAreNamed() throws IOException {
        byte[] f = images(3, 2, 2, PIXELS);
        assertBadImages(Arrays.copyOf(f, 2), "truncated: 2 bytes, fewer than the 4 of an IDX magic number");
        assertBadImages(Arrays.copyOf(f, 9), "truncated header: 5 of the 12 bytes of dimensions");
        assertBadImages(Arrays.copyOf(f, f.length - 1), "truncated: the header promises 12 values, only 11 follow");
        byte[] gz = gzip(f);
        Path cut = write("cut.gz", Arrays.copyOf(gz, gz.length - 12)); // the deflate stream's end and the trailer lost
        assertBad(cut, "truncated", cut, write("lab", labels(LABELS)), 10);
    }

    @Test
    void trailingBytesAreNamed() throws IOException {
        byte[] f = images(3, 2, 2, PIXELS);
        assertBadImages(Arrays.copyOf(f, f.length + 1), "trailing data after the 12 values the header promises");
    }

    @Test
    void zeroAndOversizedDimensionsAreNamedWithoutAllocating() throws IOException {
        assertBadImages(images(0, 2, 2, new byte[0]), "the number of images is 0");
        assertBadImages(images(3, 2, 0, new byte[0]), "the number of columns is 0");
        // 2³¹ − 9 bytes fit an array but are not in the file: truncated, and nothing that large is allocated
        assertBadImages(images(Integer.MAX_VALUE - 8, 1, 1, PIXELS), "the header promises 2147483639 values, only 12 follow");
        assertBadImages(images(65536, 65536, 1, PIXELS), "dimensions 65536 × 65536 make more values than an array holds");
        assertBadImages(images(-1, 1, 1, PIXELS), "dimensions 4294967295 make more values than an array holds");
    }

    @Test
    void countsThatDisagreeNameBothFiles() throws IOException {
        Path img = write("img", images(3, 2, 2, PIXELS));
        Path lab = write("lab", labels(new byte[] {1, 2}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IdxFiles.read(img, lab, 10));
        assertEquals(img + " has 3 images but " + lab + " has 2 labels", e.getMessage());
    }

    @Test
    void labelsOutOfRangeAreNamed() throws IOException {
        Path img = write("img", images(3, 2, 2, PIXELS));
        Path lab = write("lab", labels(LABELS));
        assertBad(lab, "label 9 of example 1 is out of range 0 … 4", img, lab, 5);
        Path neg = write("neg", labels(new byte[] {0, (byte) 200, 1}));
        assertBad(neg, "label 200 of example 1 is out of range 0 … 9", img, neg, 10);
        assertEquals(10, IdxFiles.read(img, lab, 10).classes());
    }

    @Test
    void aCorruptGzipStreamIsNamed() throws IOException {
        byte[] gz = gzip(images(3, 2, 2, PIXELS));
        gz[gz.length - 5] ^= 0x55; // the CRC-32 or length of the trailer
        Path bad = write("crc.gz", gz);
        assertBad(bad, "corrupt gzip stream", bad, write("lab", labels(LABELS)), 10);
    }

    @Test
    void aMissingFileIsAnIoError() {
        Path missing = dir.resolve("nope");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> IdxFiles.read(missing, missing, 10));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void fewerThanTwoClassesIsRefused() throws IOException {
        Path img = write("img", images(3, 2, 2, PIXELS));
        assertThrows(IllegalArgumentException.class, () -> IdxFiles.read(img, write("lab", labels(new byte[3])), 1));
    }
}
