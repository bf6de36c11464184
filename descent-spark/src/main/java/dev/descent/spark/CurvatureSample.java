package dev.descent.spark;

import java.io.Serializable;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Which blocks a Gauss–Newton product sums over when the curvature is estimated on a subset of the
 * data, as Martens (2010, "Deep learning via Hessian-free optimization", section 4.3) does: a
 * seeded choice of {@code max(1, round(fraction·B))} of the {@code B} blocks, a new one per draw (per
 * point: per outer iteration of Hessian-free). The choice depends on the seed, the draw and the
 * blocks' numbers only, not on the partitioning.
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

    /**
     * The numbers of the blocks in sample number {@code draw}, sorted, out of {@code blocks} (the
     * numbers of every block, in any order; not modified).
     */
    public int[] choose(int[] blocks, long draw) {
        int[] all = blocks.clone();
        Arrays.sort(all);
        if (isAll()) {
            return all;
        }
        int k = (int) Math.max(1, Math.min(all.length, Math.round(fraction * all.length)));
        SplittableRandom random = new SplittableRandom(seed).split();
        for (long d = 0; d < draw; d++) {
            random = random.split(); // an independent stream per draw, the same for the same seed
        }
        for (int i = 0; i < k; i++) { // partial Fisher–Yates: the first k places
            int j = i + random.nextInt(all.length - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] chosen = Arrays.copyOf(all, k);
        Arrays.sort(chosen);
        return chosen;
    }
}
