package dev.descent.spark;

import java.io.Serializable;

/**
 * Which blocks a Gauss–Newton product sums over when the curvature is estimated on a subset of the
 * data, as Martens (2010, "Deep learning via Hessian-free optimization", section 4.3) does: each
 * block is in the sample with probability {@code fraction}, decided by a hash of the seed, the
 * draw (a new one per point: per outer iteration of Hessian-free) and the block's index, so the
 * same seed picks the same blocks however the data are partitioned and whichever executor asks.
 *
 * @param fraction the share of blocks in a sample, in (0, 1]; 1 means every block (no sampling)
 * @param seed the seed of the draws
 */
public record CurvatureSample(double fraction, long seed) implements Serializable {

    /** Every block, every time. */
    public static final CurvatureSample ALL = new CurvatureSample(1, 0);

    public CurvatureSample {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("the curvature sample fraction must be in (0, 1], got " + fraction);
        }
    }

    /** Whether every block is always in the sample. */
    public boolean isAll() {
        return fraction == 1;
    }

    /** Whether block {@code index} is in sample number {@code draw}. */
    public boolean contains(int index, long draw) {
        if (isAll()) {
            return true;
        }
        long h = mix(mix(seed ^ 0x9E3779B97F4A7C15L * (draw + 1)) ^ index);
        return (h >>> 11) * 0x1.0p-53 < fraction;
    }

    /** SplitMix64's finaliser: a well-mixed 64-bit hash. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
