package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Seeded damage to a valid file's bytes, and the check every reader's fuzz test makes of the outcome. */
final class Damage {
    private Damage() {
    }

    /** 1 to 4 bytes anywhere XOR-ed with a non-zero byte. */
    static byte[] flip(byte[] valid, SplittableRandom random) {
        byte[] b = valid.clone();
        for (int k = 1 + random.nextInt(4); k > 0; k--) {
            b[random.nextInt(b.length)] ^= (byte) (1 + random.nextInt(255));
        }
        return b;
    }

    /** The file cut at a random length shorter than it. */
    static byte[] cut(byte[] valid, SplittableRandom random) {
        return Arrays.copyOf(valid, random.nextInt(valid.length));
    }

    /** 1 to 8 random bytes appended. */
    static byte[] append(byte[] valid, SplittableRandom random) {
        int extra = 1 + random.nextInt(8);
        byte[] b = Arrays.copyOf(valid, valid.length + extra);
        for (int i = valid.length; i < b.length; i++) {
            b[i] = (byte) random.nextInt(256);
        }
        return b;
    }

    /**
     * Runs {@code read} on a damaged file: true when it accepted the file; false when it rejected it
     * with an {@link IllegalArgumentException} whose message names {@code victim} on one line (any
     * other outcome fails the test).
     */
    static boolean accepted(Path victim, int trial, Runnable read) {
        try {
            read.run();
            return true;
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            assertTrue(m.contains(victim.toString()), "trial " + trial + ": " + m);
            assertFalse(m.contains("\n") || m.contains("\r"), "trial " + trial + ": " + m);
            return false;
        }
    }
}
