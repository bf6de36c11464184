package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CsvFiles} on seeded random damage to a valid file (flipped, deleted or inserted characters,
 * cuts): each outcome is either a data set that keeps the reader's invariants or an {@link
 * IllegalArgumentException} whose one-line message starts with the file's name — never another
 * exception. An undamaged file round-trips its values exactly.
 */
class CsvFilesFuzzTest {
    private static final int TRIALS = 3000;
    private static final String ALPHABET = "0123456789.,-+eE \nxN";

    @TempDir
    Path dir;

    @Test
    void damagedFilesGiveAValidResultOrOneClearLine() throws IOException {
        SplittableRandom random = new SplittableRandom(20261203);
        int rows = 5;
        int cols = 3;
        float[] x = new float[rows * cols];
        int[] y = new int[rows];
        StringBuilder text = new StringBuilder("f1,f2,f3,label\n");
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                x[i * cols + j] = (float) (random.nextDouble(-10, 10));
                text.append(x[i * cols + j]).append(',');
            }
            y[i] = random.nextInt(4);
            text.append(y[i]).append('\n');
        }
        String valid = text.toString();
        Path clean = Files.writeString(dir.resolve("clean.csv"), valid);
        ClassificationData d = CsvFiles.read(clean, 4);
        assertTrue(Arrays.equals(x, d.features()) && Arrays.equals(y, d.labels()), "round trip");
        int accepted = 0;
        int rejected = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            Path f = Files.writeString(dir.resolve("damaged-" + trial + ".csv"), damage(valid, random));
            int t = trial;
            if (Damage.accepted(f, trial, () -> {
                ClassificationData r = CsvFiles.read(f, 4);
                assertEquals(r.rows() * r.cols(), r.features().length);
                for (float v : r.features()) {
                    assertTrue(Float.isFinite(v), "trial " + t + ": " + v);
                }
            })) {
                accepted++;
            } else {
                rejected++;
            }
            Files.delete(f);
        }
        assertTrue(rejected > TRIALS / 4, rejected + " of " + TRIALS + " damaged files rejected");
        assertTrue(accepted > TRIALS / 20, accepted + " of " + TRIALS + " damaged files still valid");
    }

    private static String damage(String valid, SplittableRandom random) {
        StringBuilder s = new StringBuilder(valid);
        for (int k = 1 + random.nextInt(3); k > 0 && !s.isEmpty(); k--) {
            int at = random.nextInt(s.length());
            char c = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
            switch (random.nextInt(4)) {
                case 0 -> s.setCharAt(at, c);
                case 1 -> s.deleteCharAt(at);
                case 2 -> s.insert(at, c);
                default -> s.setLength(at);
            }
        }
        return s.toString();
    }
}
