package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link IdxFiles} on seeded random damage to valid files, plain and gzip (flipped bytes, cuts,
 * appended bytes, random dimensions): every outcome is either a valid data set or an {@link
 * IllegalArgumentException} with a one-line message naming the damaged file — never another
 * exception, never an {@link OutOfMemoryError} from a header that lies.
 */
class IdxFilesFuzzTest {
    private static final int TRIALS = 3000;

    @TempDir
    Path dir;

    @Test
    void damagedFilesGiveAValidResultOrOneClearLine() throws IOException {
        SplittableRandom random = new SplittableRandom(20261203);
        int n = 6;
        byte[] pixels = new byte[n * 5 * 4];
        random.nextBytes(pixels);
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) random.nextInt(10);
        }
        byte[] validImages = IdxFilesTest.images(n, 5, 4, pixels);
        byte[] validLabels = IdxFilesTest.labels(labels);
        int clean = 0;
        int rejected = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            boolean damageImages = random.nextBoolean();
            byte[] target = damageImages ? validImages : validLabels;
            if (random.nextBoolean()) {
                target = IdxFilesTest.gzip(target);
            }
            byte[] damaged = damage(target, random);
            Path img = Files.write(dir.resolve("images-" + trial), damageImages ? damaged : validImages);
            Path lab = Files.write(dir.resolve("labels-" + trial), damageImages ? validLabels : damaged);
            Path victim = damageImages ? img : lab;
            if (Damage.accepted(victim, trial, () -> {
                ClassificationData d = IdxFiles.read(img, lab, 10);
                assertEquals(d.rows() * d.cols(), d.features().length);
            })) {
                clean++;
            } else {
                rejected++;
            }
            Files.delete(img);
            Files.delete(lab);
        }
        assertTrue(rejected > TRIALS / 2, rejected + " of " + TRIALS + " damaged files rejected");
        assertTrue(clean > 0, "no damage left a valid file (a flipped pixel or label should)");
    }

    private static byte[] damage(byte[] valid, SplittableRandom random) {
        byte[] b = valid.clone();
        switch (random.nextInt(5)) {
            case 0 -> b = Damage.flip(b, random);
            case 1 -> b = Damage.cut(b, random);
            case 2 -> b = Damage.append(b, random);
            case 3 -> { // a random header byte (magic or dimensions) of a plain file, or of a gzip header
                int headerBytes = Math.min(b.length, 16);
                b[random.nextInt(headerBytes)] = (byte) random.nextInt(256);
            }
            default -> { // a random dimension word, often huge
                int words = (Math.min(b.length, 16) - 4) / 4;
                if (words > 0) {
                    int at = 4 + 4 * random.nextInt(words);
                    int v = random.nextInt();
                    b[at] = (byte) (v >>> 24);
                    b[at + 1] = (byte) (v >>> 16);
                    b[at + 2] = (byte) (v >>> 8);
                    b[at + 3] = (byte) v;
                }
            }
        }
        return b;
    }
}
