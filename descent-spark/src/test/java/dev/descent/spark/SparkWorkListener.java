package dev.descent.spark;

import java.util.HashSet;
import java.util.Set;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerBlockUpdated;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.storage.BlockId;

/**
 * Counts, from Spark's own events, what any algorithm asks of the cluster: jobs started, and the
 * bytes of the broadcast pieces the driver stores (what executors fetch: serialized and compressed,
 * as sent). Measures Descent and MLlib alike. Counts between {@link #reset} and the reads; the
 * listener bus is asynchronous, so a reader waits for it first ({@code SparkContext.listenerBus} is
 * not public: {@link #settle} sleeps briefly instead).
 */
final class SparkWorkListener extends SparkListener {

    private long jobs;
    private long broadcastBytes;
    private final Set<String> pieces = new HashSet<>();

    @Override
    public synchronized void onJobStart(SparkListenerJobStart jobStart) {
        jobs++;
    }

    @Override
    public synchronized void onBlockUpdated(SparkListenerBlockUpdated event) {
        BlockId id = event.blockUpdatedInfo().blockId();
        if (id.isBroadcast() && id.name().contains("piece") && event.blockUpdatedInfo().storageLevel().isValid()
                && "driver".equals(event.blockUpdatedInfo().blockManagerId().executorId())
                && pieces.add(id.name())) {
            broadcastBytes += event.blockUpdatedInfo().memSize() + event.blockUpdatedInfo().diskSize();
        }
    }

    synchronized void reset() {
        jobs = 0;
        broadcastBytes = 0;
    }

    synchronized long jobs() {
        return jobs;
    }

    synchronized long broadcastBytes() {
        return broadcastBytes;
    }

    /** Lets the asynchronous listener bus deliver the events of the jobs that have ended. */
    static void settle() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
