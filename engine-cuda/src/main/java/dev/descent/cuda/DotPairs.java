package dev.descent.cuda;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The dot products a {@code dots(a, b, out)} call launches: each unordered pair of tensors once (a
 * tensor may appear on both sides, and {@code aᵢ·bⱼ} is {@code bⱼ·aᵢ} bit for bit: the products commute
 * and the kernel adds them in the same order), in groups of at most {@value #MAX_PER_LAUNCH} per launch
 * ({@code kMaxDots} of {@code reductions.cu}), and where each entry of {@code out} finds its product.
 */
final class DotPairs {

    /** The most dot products one launch computes: each holds a running sum and two pointers in registers. */
    static final int MAX_PER_LAUNCH = 16;

    private final long[] first;
    private final long[] second;
    private final int[] productOf;

    private DotPairs(long[] first, long[] second, int[] productOf) {
        this.first = first;
        this.second = second;
        this.productOf = productOf;
    }

    /**
     * The products of {@code dots} over the tensors at {@code a} and {@code b} (device addresses; the
     * same address is the same tensor): {@code out[i·b.length + j]} is the product of {@code a[i]}
     * and {@code b[j]}.
     */
    static DotPairs of(long[] a, long[] b) {
        Map<Pair, Integer> index = new HashMap<>();
        int[] productOf = new int[Math.multiplyExact(a.length, b.length)];
        long[] first = new long[productOf.length];
        long[] second = new long[productOf.length];
        int products = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                Pair key = new Pair(Math.min(a[i], b[j]), Math.max(a[i], b[j]));
                Integer known = index.putIfAbsent(key, products);
                if (known == null) {
                    first[products] = a[i];
                    second[products] = b[j];
                    known = products++;
                }
                productOf[i * b.length + j] = known;
            }
        }
        return new DotPairs(Arrays.copyOf(first, products), Arrays.copyOf(second, products), productOf);
    }

    /** The number of distinct products. */
    int products() {
        return first.length;
    }

    /** The launches: {@code ceil(products / MAX_PER_LAUNCH)}. */
    int launches() {
        return Math.ceilDiv(first.length, MAX_PER_LAUNCH);
    }

    /** The first product of launch {@code launch}. */
    int firstOf(int launch) {
        return launch * MAX_PER_LAUNCH;
    }

    /** The number of products of launch {@code launch}. */
    int countOf(int launch) {
        return Math.min(MAX_PER_LAUNCH, first.length - firstOf(launch));
    }

    /** Whether every tensor of launch {@code launch} may move in 16-byte vectors ({@link Alignment}). */
    boolean vectorizable(int launch) {
        int from = firstOf(launch);
        int to = from + countOf(launch);
        return Alignment.vectorizable(Arrays.copyOfRange(first, from, to))
                && Alignment.vectorizable(Arrays.copyOfRange(second, from, to));
    }

    /** The product that entry {@code k} of {@code out} takes. */
    int productOf(int k) {
        return productOf[k];
    }

    /** The table of the distinct products, in order: launch {@code l} reads its records from {@link #firstOf}. */
    OperandTable table() {
        return OperandTable.dotPairs(first, second);
    }

    private record Pair(long low, long high) {
    }
}
