package dev.descent.spark;

import java.io.Serializable;
import java.util.Arrays;

/**
 * What one pass over the blocks sums: a scalar (the losses), a vector (a gradient or a curvature
 * product) and the number of examples summed. The accumulator of a pass ({@link BlockPasses}): Spark gives
 * each partition its own copy of the zero, so the summing code and {@link #merge} may update in place.
 */
final class PartialSums implements Serializable {

    double value;
    final double[] vector;
    long rows;
    int[] blocks = new int[0]; // the numbers of the blocks summed, in the setup pass only
    int blockCount;

    /** Zero, with a vector of {@code n} elements. */
    PartialSums(int n) {
        this.vector = new double[n];
    }

    /** Records block number {@code index} as summed. */
    void addBlock(int index) {
        if (blockCount == blocks.length) {
            blocks = Arrays.copyOf(blocks, Math.max(8, 2 * blockCount));
        }
        blocks[blockCount++] = index;
    }

    /** {@code this + other}, into this. */
    PartialSums merge(PartialSums other) {
        value += other.value;
        rows += other.rows;
        for (int i = 0; i < other.blockCount; i++) {
            addBlock(other.blocks[i]);
        }
        for (int j = 0; j < vector.length; j++) {
            vector[j] += other.vector[j];
        }
        return this;
    }
}
