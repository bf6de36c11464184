package dev.descent.spark;

/**
 * The settings of a {@link DistributedLogisticRegression}.
 *
 * @param l2 the L2 coefficient λ ≥ 0 of {@code (λ/2)·‖w‖²}
 * @param precondition whether the minimizer works in scaled coordinates {@code u = w ⊙ σ} (σ the
 *     features' standard deviations), as MLlib always does; the function and its minimum are the
 *     same, the result is given back in the original coordinates
 * @param curvature the blocks a Gauss–Newton product sums over ({@link CurvatureSample#ALL}: all)
 * @param treeDepth the depth of {@code treeAggregate}, ≥ 1 (2 as MLlib), for a pass whose partition sums
 *     exceed 64 MiB (smaller ones are added on the driver in partition order)
 * @param hook called before each block in the executors ({@link PartitionHook#NONE})
 */
public record DistributedOptions(double l2, boolean precondition, CurvatureSample curvature, int treeDepth,
        PartitionHook hook) {

    /** The default L2 coefficient, the single-machine problem's (1e-3). */
    public static final double DEFAULT_L2 = 1e-3;

    public DistributedOptions {
        if (!(l2 >= 0) || Double.isInfinite(l2)) {
            throw new IllegalArgumentException("l2 = " + l2 + " is invalid: must be in [0, ∞)");
        }
        if (treeDepth < 1) {
            throw new IllegalArgumentException("treeDepth must be ≥ 1, got " + treeDepth);
        }
        if (curvature == null || hook == null) {
            throw new IllegalArgumentException("curvature and hook must not be null");
        }
    }

    /** λ = 1e-3, no preconditioning, curvature on every block, depth 2, no hook. */
    public static DistributedOptions defaults() {
        return new DistributedOptions(DEFAULT_L2, false, CurvatureSample.ALL, 2, PartitionHook.NONE);
    }

    /** These options with L2 coefficient {@code l2}. */
    public DistributedOptions withL2(double l2) {
        return new DistributedOptions(l2, precondition, curvature, treeDepth, hook);
    }

    /** These options with preconditioning on or off. */
    public DistributedOptions withPreconditioning(boolean on) {
        return new DistributedOptions(l2, on, curvature, treeDepth, hook);
    }

    /** These options with Gauss–Newton products on {@code sample}. */
    public DistributedOptions withCurvature(CurvatureSample sample) {
        return new DistributedOptions(l2, precondition, sample, treeDepth, hook);
    }

    /** These options with {@code treeAggregate} depth {@code depth}. */
    public DistributedOptions withTreeDepth(int depth) {
        return new DistributedOptions(l2, precondition, curvature, depth, hook);
    }

    /** These options with {@code hook} called before each block. */
    public DistributedOptions withHook(PartitionHook hook) {
        return new DistributedOptions(l2, precondition, curvature, treeDepth, hook);
    }
}
