package dev.descent.simd;

import java.util.Arrays;

/**
 * The fixed partition of the tensors of one call into tasks for the {@link WorkerPool}, PyTorch's
 * multi-tensor apply on a CPU. A tensor is cut into pieces of {@link #CHUNK} elements, starting at
 * element 0 (so piece boundaries are multiples of every vector length); consecutive pieces are then
 * packed into tasks of at most {@code CHUNK} elements, so a group of many small tensors (1000 × 10⁴)
 * spreads over the threads as well as one large tensor does.
 *
 * <p>The partition depends only on the tensor sizes, never on the number of threads.
 */
final class Chunks {

    /** Elements per piece and the most per task: 256 KiB of float32, a few tensors of which fit in L2. */
    static final int CHUNK = 1 << 16;

    /**
     * Elements per piece of an optimizer step, whose result does not depend on where the tensors are
     * cut (reductions do, so they keep {@link #CHUNK}): small enough that a step of 10⁵ elements
     * spreads evenly over two threads (7 tasks, not 65 536 + 34 464), large enough that taking a task
     * (one atomic increment) costs nothing next to it.
     */
    static final int ELEMENTWISE_CHUNK = 1 << 14;

    private final int[] firstPiece; // task t runs the pieces firstPiece[t] .. firstPiece[t+1]-1
    private final int[] tensor;
    private final long[] from;
    private final long[] to;

    private Chunks(int[] firstPiece, int[] tensor, long[] from, long[] to) {
        this.firstPiece = firstPiece;
        this.tensor = tensor;
        this.from = from;
        this.to = to;
    }

    /** What a task does with each of its pieces: the elements {@code [from, to)} of tensor {@code tensor}. */
    @FunctionalInterface
    interface Piece {
        void run(int tensor, long from, long to);
    }

    /** The partition of tensors of {@code sizes} elements (in call order) in pieces of {@link #CHUNK}. */
    static Chunks of(long[] sizes) {
        return of(sizes, CHUNK);
    }

    /** The partition of tensors of {@code sizes} elements in pieces of {@code chunk}, a multiple of every vector length. */
    static Chunks of(long[] sizes, int chunk) {
        int pieces = 0;
        for (long n : sizes) {
            pieces = Math.addExact(pieces, Math.toIntExact((n + chunk - 1) / chunk));
        }
        int[] tensor = new int[pieces];
        long[] from = new long[pieces];
        long[] to = new long[pieces];
        int[] firstPiece = new int[pieces + 1];
        int piece = 0;
        int tasks = 0;
        long inTask = chunk; // elements in the open task; "full" so that the first piece opens one
        for (int t = 0; t < sizes.length; t++) {
            for (long start = 0; start < sizes[t]; start += chunk) {
                long end = Math.min(start + chunk, sizes[t]);
                if (inTask + (end - start) > chunk) {
                    firstPiece[tasks++] = piece;
                    inTask = 0;
                }
                tensor[piece] = t;
                from[piece] = start;
                to[piece] = end;
                inTask += end - start;
                piece++;
            }
        }
        firstPiece[tasks] = pieces;
        return new Chunks(Arrays.copyOf(firstPiece, tasks + 1), tensor, from, to);
    }

    /** The number of tasks. */
    int tasks() {
        return firstPiece.length - 1;
    }

    /** Runs the pieces of task {@code task}, in order. */
    void forEachPiece(int task, Piece piece) {
        for (int k = firstPiece[task]; k < firstPiece[task + 1]; k++) {
            piece.run(tensor[k], from[k], to[k]);
        }
    }
}
