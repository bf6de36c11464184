package dev.descent.objective;

import java.util.SplittableRandom;

/**
 * Hands out mini-batches of example indices, epoch after epoch, as torch's {@code DataLoader}
 * with {@code shuffle=True, drop_last=False}: each epoch is a fresh seeded permutation of the
 * {@code m} examples cut into batches of {@code batchSize}, the last one shorter when
 * {@code batchSize} does not divide {@code m}. A batch size of 1 is online learning; a batch size of
 * {@code m} is full-batch learning, and then every batch is {@code 0, 1, …, m−1} in order (no
 * shuffling, so the batch gradient is the full gradient exactly).
 *
 * <p>The permutation of epoch {@code e} is a pure function of {@code (seed, e)} — a Fisher–Yates
 * shuffle of {@code 0, 1, …, m−1} by a {@link SplittableRandom} seeded with {@link #epochSeed} — not
 * of how many epochs came before, so a run resumed at epoch {@code e} ({@link
 * #MiniBatchSampler(int, int, long, long)}) hands out the batches the uninterrupted run would have.
 */
public final class MiniBatchSampler {

    private final int examples;
    private final int batchSize;
    private final long seed;
    private final int[] order;
    private int position;
    private long epoch;

    /**
     * @param examples the number of examples m ≥ 1
     * @param batchSize examples per batch, in [1, m]
     * @param seed the seed of the permutations
     */
    public MiniBatchSampler(int examples, int batchSize, long seed) {
        this(examples, batchSize, seed, 0);
    }

    /**
     * A sampler whose first batch is the first of epoch {@code firstEpoch}: the batches a sampler
     * started at epoch 0 hands out after {@code firstEpoch} whole epochs.
     *
     * @param examples the number of examples m ≥ 1
     * @param batchSize examples per batch, in [1, m]
     * @param seed the seed of the permutations
     * @param firstEpoch the epoch, counted from 0, to start at (≥ 0)
     */
    public MiniBatchSampler(int examples, int batchSize, long seed, long firstEpoch) {
        if (examples < 1) {
            throw new IllegalArgumentException("a sampler needs at least one example, got " + examples);
        }
        if (batchSize < 1 || batchSize > examples) {
            throw new IllegalArgumentException("batch size = " + batchSize + " is invalid: must be in [1, " + examples
                    + "] (the number of examples)");
        }
        if (firstEpoch < 0) {
            throw new IllegalArgumentException("first epoch = " + firstEpoch + " is invalid: must be ≥ 0");
        }
        this.examples = examples;
        this.batchSize = batchSize;
        this.seed = seed;
        this.order = new int[examples];
        this.epoch = firstEpoch;
        startEpoch();
    }

    /** The indices of the next batch; starts a new epoch when the current one is used up. */
    public int[] next() {
        if (position == examples) {
            epoch++;
            startEpoch();
        }
        int size = Math.min(batchSize, examples - position);
        int[] batch = new int[size];
        System.arraycopy(order, position, batch, 0, size);
        position += size;
        return batch;
    }

    /** The epoch, counted from 0, that the last batch handed out belongs to. */
    public long epoch() {
        return epoch;
    }

    /** Whether the last batch handed out ended an epoch. */
    public boolean atEpochEnd() {
        return position == examples;
    }

    /** Batches per epoch: {@code ⌈m / batchSize⌉}. */
    public int batchesPerEpoch() {
        return batchesPerEpoch(examples, batchSize);
    }

    /**
     * Batches per epoch of {@code examples} examples in batches of {@code batchSize}:
     * {@code ⌈examples / batchSize⌉}.
     */
    public static int batchesPerEpoch(int examples, int batchSize) {
        return (examples + batchSize - 1) / batchSize;
    }

    /** The batch size. */
    public int batchSize() {
        return batchSize;
    }

    /**
     * The seed of epoch {@code e}'s permutation: {@code seed} itself for epoch 0 (a first epoch is
     * what it was before epochs had seeds of their own), else the 64-bit finaliser of {@code seed + e·γ}
     * (Stafford's mix 13, with γ = 0x9E3779B97F4A7C15 — the golden-ratio increment and mixer that
     * {@link SplittableRandom} itself uses), so that the epochs' random streams do not overlap.
     */
    public static long epochSeed(long seed, long epoch) {
        if (epoch == 0) {
            return seed;
        }
        long z = seed + epoch * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private void startEpoch() {
        position = 0;
        for (int i = 0; i < examples; i++) {
            order[i] = i;
        }
        if (batchSize == examples) {
            return; // full batch: the natural order
        }
        SplittableRandom random = new SplittableRandom(epochSeed(seed, epoch));
        for (int i = examples - 1; i > 0; i--) { // Fisher–Yates
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }
}
