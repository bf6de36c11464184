package dev.descent.spark;

/**
 * The work a distributed objective has asked of the cluster so far.
 *
 * @param passes Spark jobs over the cached blocks (the setup pass that counts the examples and, with
 *     preconditioning, the features' scales included); a curvature product on a sample is one pass
 *     that skips the blocks outside the sample
 * @param sampledPasses of {@code passes}, those that read only a sample of the blocks
 * @param bytesBroadcast the payload broadcast from the driver: 8 bytes per double of the points and
 *     directions sent (Spark's own framing excluded)
 * @param gradients value-and-gradient evaluations
 * @param curvatureProducts Gauss–Newton (or Hessian) vector products
 */
public record DistributedCounters(long passes, long sampledPasses, long bytesBroadcast, long gradients,
        long curvatureProducts) {
}
