package dev.descent.simd;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;

/**
 * {@code A·x} and {@code Aᵀ·v} for a row-major {@code rows × cols} matrix of float32 or float64, in
 * double, each output element rounded once (the objectives' arithmetic rule, {@link
 * dev.descent.backend.ObjectiveKernels}); the twin of {@code dev.descent.reference.MatrixVectorKernel}.
 *
 * <p>{@code A·x}: each output is the dot product of a row with {@code x}, the loop of {@link
 * SimdReductions#dot} (lane sums, fused multiply-adds), so it differs from the reference's left-to-right
 * sum in the last bits; a row is never split, so the result does not depend on which thread ran it.
 *
 * <p>{@code Aᵀ·v}: {@code outⱼ = Σᵢ Aᵢⱼvᵢ} runs along the rows, vectorized over the columns: a tile
 * of {@link TransposeTiles} adds {@code Aᵢⱼ·vᵢ} for its rows, in ascending {@code i}, into double sums
 * of its columns (a multiply and an add, as the reference does). With one row block that is the
 * reference's order exactly, so the result equals it bit for bit; with several, the blocks' sums are
 * added in block order.
 */
final class MatrixVectorKernel {
    private MatrixVectorKernel() {
    }

    /** {@code outᵢ = Σⱼ Aᵢⱼ xⱼ} for the rows {@code [rowFrom, rowTo)}. */
    static void matVec(MemorySegment a, long cols, MemorySegment x, MemorySegment out, boolean floats, long rowFrom,
            long rowTo) {
        double[] laneSums = new double[Lanes.DOUBLE_LENGTH];
        for (long i = rowFrom; i < rowTo; i++) {
            Arrays.fill(laneSums, 0);
            if (floats) {
                SimdReductions.addDotLanesFloats(a, i * cols, x, 0, cols, laneSums, 0);
            } else {
                SimdReductions.addDotLanesDoubles(a, i * cols, x, 0, cols, laneSums, 0);
            }
            DoubleLanes.setElement(out, floats, i, SimdReductions.sum(laneSums, 0, laneSums.length));
        }
    }

    /**
     * Adds {@code Aᵢⱼ·vᵢ} for the rows {@code [rowFrom, rowTo)}, {@code i} ascending, to
     * {@code sums[first + j]} for the columns {@code j} in {@code [colFrom, colTo)}: per element a
     * multiply and an add in double, the reference's operations.
     */
    static void addTransposedTile(MemorySegment a, long cols, MemorySegment v, boolean floats, long rowFrom,
            long rowTo, int colFrom, int colTo, double[] sums, int first) {
        if (floats) {
            addTransposedTileFloats(a, cols, v, rowFrom, rowTo, colFrom, colTo, sums, first);
        } else {
            addTransposedTileDoubles(a, cols, v, rowFrom, rowTo, colFrom, colTo, sums, first);
        }
    }

    private static void addTransposedTileFloats(MemorySegment a, long cols, MemorySegment v, long rowFrom,
            long rowTo, int colFrom, int colTo, double[] sums, int first) {
        int bound = (int) DoubleLanes.loopBound(colFrom, colTo);
        VectorMask<Double> tail = DoubleLanes.tail(bound, colTo);
        for (long i = rowFrom; i < rowTo; i++) {
            double vi = DoubleLanes.element(v, true, i);
            long row = i * cols;
            for (int j = colFrom; j < bound; j += Lanes.DOUBLE_LENGTH) {
                DoubleVector sum = DoubleVector.fromArray(Lanes.DOUBLE_SPECIES, sums, first + j);
                sum.add(DoubleLanes.loadFloats(a, row + j).mul(vi)).intoArray(sums, first + j);
            }
            if (bound < colTo) {
                DoubleVector sum = DoubleVector.fromArray(Lanes.DOUBLE_SPECIES, sums, first + bound, tail);
                sum.add(DoubleLanes.loadFloats(a, row + bound, tail).mul(vi)).intoArray(sums, first + bound, tail);
            }
        }
    }

    private static void addTransposedTileDoubles(MemorySegment a, long cols, MemorySegment v, long rowFrom,
            long rowTo, int colFrom, int colTo, double[] sums, int first) {
        int bound = (int) DoubleLanes.loopBound(colFrom, colTo);
        VectorMask<Double> tail = DoubleLanes.tail(bound, colTo);
        for (long i = rowFrom; i < rowTo; i++) {
            double vi = DoubleLanes.element(v, false, i);
            long row = i * cols;
            for (int j = colFrom; j < bound; j += Lanes.DOUBLE_LENGTH) {
                DoubleVector sum = DoubleVector.fromArray(Lanes.DOUBLE_SPECIES, sums, first + j);
                sum.add(DoubleLanes.loadDoubles(a, row + j).mul(vi)).intoArray(sums, first + j);
            }
            if (bound < colTo) {
                DoubleVector sum = DoubleVector.fromArray(Lanes.DOUBLE_SPECIES, sums, first + bound, tail);
                sum.add(DoubleLanes.loadDoubles(a, row + bound, tail).mul(vi)).intoArray(sums, first + bound, tail);
            }
        }
    }

    /**
     * {@code outⱼ ← Σ_r sums[r·cols + j]} over the {@code rowBlocks} partial sums, in block order,
     * rounded once, for every column. Linear in the output, so a plain loop: the matrix pass before
     * it dominates.
     */
    static void storeTransposed(double[] sums, int rowBlocks, int cols, MemorySegment out, boolean floats) {
        for (int j = 0; j < cols; j++) {
            double sum = sums[j];
            for (int r = 1; r < rowBlocks; r++) {
                sum += sums[r * cols + j];
            }
            DoubleLanes.setElement(out, floats, j, sum);
        }
    }
}
