package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.io.Safetensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Safetensors} on seeded random damage to a valid file (flipped bytes, cuts, appended bytes, a
 * random header length, digits of the JSON header changed): each outcome is either parameters of the
 * right size or an {@link IllegalArgumentException} whose one-line message names the file — never
 * another exception, never an {@link OutOfMemoryError} from a header that lies about sizes.
 */
class SafetensorsFuzzTest {
    private static final int TRIALS = 3000;

    @TempDir
    Path dir;

    @Test
    void damagedFilesGiveParametersOrOneClearLine() throws IOException {
        SplittableRandom random = new SplittableRandom(20261203);
        Path valid = dir.resolve("valid.safetensors");
        Safetensors.writeFlat(valid, SafetensorsTest.NAMES, SafetensorsTest.SHAPES, SafetensorsTest.FLAT);
        byte[] bytes = Files.readAllBytes(valid);
        assertArrayEquals(SafetensorsTest.FLAT, Safetensors.readFlat(valid, SafetensorsTest.NAMES, SafetensorsTest.SHAPES));
        int accepted = 0;
        int rejected = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            Path f = Files.write(dir.resolve("damaged-" + trial), damage(bytes, random));
            if (Damage.accepted(f, trial, () -> assertEquals(SafetensorsTest.FLAT.length,
                    Safetensors.readFlat(f, SafetensorsTest.NAMES, SafetensorsTest.SHAPES).length))) {
                accepted++;
            } else {
                rejected++;
            }
            Files.delete(f);
        }
        assertTrue(rejected > TRIALS / 2, rejected + " of " + TRIALS + " damaged files rejected");
        assertTrue(accepted > 0, "no damage left a valid file (a flipped data byte or header padding should)");
    }

    private static byte[] damage(byte[] valid, SplittableRandom random) {
        byte[] b = valid.clone();
        switch (random.nextInt(5)) {
            case 0 -> b = Damage.flip(b, random);
            case 1 -> b = Damage.cut(b, random);
            case 2 -> b = Damage.append(b, random);
            case 3 -> { // a random header length, often huge
                long n = random.nextBoolean() ? random.nextLong() : random.nextInt(b.length);
                for (int i = 0; i < 8; i++) {
                    b[i] = (byte) (n >>> (8 * i));
                }
            }
            default -> { // a digit of the JSON header (a shape or an offset) becomes another digit, or a 9 is added
                int at = 8 + random.nextInt(b.length - 8);
                for (int tries = 0; tries < 64 && !(b[at] >= '0' && b[at] <= '9'); tries++) {
                    at = 8 + random.nextInt(b.length - 8);
                }
                if (b[at] >= '0' && b[at] <= '9') {
                    b[at] = (byte) (random.nextBoolean() ? '0' + random.nextInt(10) : '9');
                }
            }
        }
        return b;
    }
}
