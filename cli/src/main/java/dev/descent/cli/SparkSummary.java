package dev.descent.cli;

/**
 * What a {@code minimize --spark} run adds to its report: where it ran and the work it asked of the
 * cluster.
 *
 * @param master the Spark master URL
 * @param examples the number of examples
 * @param partitions the number of partitions of the examples' blocks
 * @param passes Spark jobs over the data, the setup pass included
 * @param sampledPasses of those, the passes over a curvature sample only
 * @param bytesBroadcast the points and directions broadcast, 8 bytes a double
 */
record SparkSummary(String master, long examples, int partitions, long passes, long sampledPasses,
        long bytesBroadcast) {
}
