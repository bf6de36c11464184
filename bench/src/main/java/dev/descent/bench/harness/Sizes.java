package dev.descent.bench.harness;

import java.math.BigDecimal;

/** Element counts as people write them: {@code 1e7} for ten million, {@code 25000} where no power of ten fits. */
public final class Sizes {

    private Sizes() {
    }

    /**
     * {@code n} as {@code Me}{@code k} when it is a one-digit multiple of a power of ten of at least
     * 10³ ({@code 1e4}, {@code 5e6}), else in full ({@code 1000}, {@code 12345}).
     */
    public static String compact(long n) {
        if (n >= 10_000) {
            int exponent = 0;
            long m = n;
            while (m % 10 == 0) {
                m /= 10;
                exponent++;
            }
            if (m < 10 && exponent >= 3) {
                return m + "e" + exponent;
            }
        }
        return Long.toString(n);
    }

    /**
     * Parses an element count written as an integer ({@code 10000}) or in scientific notation
     * ({@code 1e4}, {@code 2.5e6}); it must be a whole number from 1 to {@code max}.
     *
     * @throws IllegalArgumentException naming the text when it is not such a number
     */
    public static long parse(String text, long max) {
        BigDecimal value;
        try {
            value = new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a number of elements (write 10000 or 1e4)");
        }
        // The range first: 1e999999999 is a valid BigDecimal whose integer would not fit in memory.
        if (value.compareTo(BigDecimal.ONE) < 0 || value.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw new IllegalArgumentException("'" + text + "' elements is out of range (1 to " + max + ")");
        }
        try {
            return value.toBigIntegerExact().longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is not a whole number of elements");
        }
    }
}
