package dev.descent.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.descent.data.CsvFiles;
import dev.descent.data.IdxFiles;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of the data readers, CSV ({@link CsvFiles}) and IDX ({@link IdxFiles}, plain
 * or gzip): every input is read or rejected with an {@link IllegalArgumentException} naming the file;
 * anything else is a finding. An IDX input is one buffer holding both files: a big-endian 32-bit
 * length {@code n}, then {@code n} bytes of the images file, then the labels file ({@link #split}).
 */
class DataFilesFuzzTest {
    /** Classes a label may take; the corpus' labels are 0 … 2. */
    private static final int CLASSES = 3;

    @FuzzTest(maxDuration = "10m")
    void csv(byte[] data) throws Exception {
        // ClassificationData checks that rows, columns and labels agree
        FuzzFiles.readOrReject("data.csv", data, IllegalArgumentException.class, f -> CsvFiles.read(f, CLASSES));
    }

    @FuzzTest(maxDuration = "10m")
    void idx(byte[] data) {
        byte[][] parts = split(data);
        Path images = FuzzFiles.write("images.idx", parts[0]);
        Path labels = FuzzFiles.write("labels.idx", parts[1]);
        try {
            IdxFiles.read(images, labels, CLASSES);
        } catch (IllegalArgumentException e) {
            FuzzFiles.assertNames(e.getMessage().contains(images.toString()) ? images : labels, e);
        }
    }

    /** The images and the labels file of one IDX input (the length prefix clamped to the bytes present). */
    static byte[][] split(byte[] data) {
        if (data.length < 4) {
            return new byte[][] {data, new byte[0]};
        }
        long n = Integer.toUnsignedLong((data[0] & 0xFF) << 24 | (data[1] & 0xFF) << 16 | (data[2] & 0xFF) << 8
                | (data[3] & 0xFF));
        int end = (int) Math.min(data.length, 4 + n);
        return new byte[][] {Arrays.copyOfRange(data, 4, end), Arrays.copyOfRange(data, end, data.length)};
    }
}
