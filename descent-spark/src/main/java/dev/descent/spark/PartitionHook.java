package dev.descent.spark;

import java.io.Serializable;

/**
 * Called in the executor before each block of each pass is summed: a way to inject a failure (tests
 * make a task throw once, or always, to see Spark retry it or the run end with a clear error). The
 * default does nothing.
 */
@FunctionalInterface
public interface PartitionHook extends Serializable {

    /** Does nothing. */
    PartitionHook NONE = (partition, pass) -> {
    };

    /**
     * Before a block of partition {@code partition} is summed in pass {@code pass} (numbered from 1
     * over the objective's life; the setup pass is 1).
     */
    void beforeBlock(int partition, long pass);
}
