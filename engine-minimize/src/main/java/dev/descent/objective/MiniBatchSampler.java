package dev.descent.objective;

import java.util.SplittableRandom;

/**
 * Hands out mini-batches of example indices, epoch after epoch, as torch's {@code DataLoader}
 * with {@code shuffle=True, drop_last=False}: each epoch is a fresh seeded permutation of the
 * {@code m} examples cut into batches of {@code batchSize}, the last one shorter when
 * {@code batchSize} does not divide {@code m}. A batch size of 1 is online learning; a batch size of
 * {@code m} is full-batch learning, and then every batch is {@code 0, 1, …, m−1} in order (no
 * shuffling, so the batch gradient is the full gradient exactly). The sequence depends only on the
 * seed.
 */
public final class MiniBatchSampler {

    private final int examples;
    private final int batchSize;
    private final SplittableRandom random;
    private final int[] order;
    private int position;
    private long epoch;

    /**
     * @param examples the number of examples m ≥ 1
     * @param batchSize examples per batch, in [1, m]
     * @param seed the seed of the permutations
     */
    public MiniBatchSampler(int examples, int batchSize, long seed) {
        if (examples < 1) {
            throw new IllegalArgumentException("a sampler needs at least one example, got " + examples);
        }
        if (batchSize < 1 || batchSize > examples) {
            throw new IllegalArgumentException("batch size = " + batchSize + " is invalid: must be in [1, " + examples
                    + "] (the number of examples)");
        }
        this.examples = examples;
        this.batchSize = batchSize;
        this.random = new SplittableRandom(seed);
        this.order = new int[examples];
        for (int i = 0; i < examples; i++) {
            order[i] = i;
        }
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
        return (examples + batchSize - 1) / batchSize;
    }

    /** The batch size. */
    public int batchSize() {
        return batchSize;
    }

    private void startEpoch() {
        position = 0;
        if (batchSize == examples) {
            return; // full batch: the natural order
        }
        for (int i = examples - 1; i > 0; i--) { // Fisher–Yates
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }
}
