package dev.descent.simd;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;

/**
 * The float64 matrix product of the network kernels, {@code c ← [c +] A·B} with the strides of
 * {@link FloatGemm}: float64 is the dtype of gradient checks and small problems, not of training, so it
 * gets two plain vector loops instead of a packed, register-tiled kernel. Rows of the result are split
 * across threads, never within a row, so the result does not depend on the thread count.
 *
 * <ul>
 *   <li>{@code a·bᵀ} (both operands contiguous along {@code l}): each element is a dot product, the loop of
 *       {@link SimdReductions#addDotLanesDoubles}, fused multiply-adds per lane;</li>
 *   <li>{@code aᵀ·b}, {@code a·b} ({@code B}'s rows contiguous): each row of the result is
 *       {@code Σₗ A(i, l)·B(l, ·)}, {@code l} ascending, a fused multiply-add per element.</li>
 * </ul>
 * Either way an element differs from the exact sum by at most {@code γ_{k+1}·(|c| + Σₗ|A(i, l)|·|B(l, j)|)}
 * with {@code u = 2⁻⁵³}.
 */
final class DoubleGemm {
    private DoubleGemm() {
    }

    /** {@code c ← [c +] A·B} for an {@code m × n} result of {@code k} terms per element. */
    static void multiply(MemorySegment a, long ai, long al, MemorySegment b, long bl, long bj, MemorySegment c,
            int m, int n, int k, boolean accumulate, ChunkScheduler scheduler) {
        if (m == 0 || n == 0) {
            return;
        }
        long perRow = Math.max(1L, (long) n * Math.max(1, k));
        long rowsPerTask = Math.max(1, Chunks.CHUNK / perRow);
        int tasks = Math.toIntExact((m + rowsPerTask - 1) / rowsPerTask);
        boolean dots = al == 1 && bl == 1;
        scheduler.tasks(tasks, (long) m * perRow, t -> {
            int from = (int) (t * rowsPerTask);
            int to = (int) Math.min(m, from + rowsPerTask);
            if (dots) {
                dotRows(a, ai, b, bj, c, n, k, from, to, accumulate);
            } else {
                axpyRows(a, ai, al, b, bl, c, n, k, from, to, accumulate);
            }
        }, a, b, c);
    }

    /** Rows {@code [from, to)} of {@code a·bᵀ}: {@code c(i, j) = Σₗ a[i·ai + l]·b[j·bj + l]}. */
    private static void dotRows(MemorySegment a, long ai, MemorySegment b, long bj, MemorySegment c, int n, int k,
            int from, int to, boolean accumulate) {
        double[] laneSums = new double[Lanes.DOUBLE_LENGTH];
        for (long i = from; i < to; i++) {
            for (long j = 0; j < n; j++) {
                Arrays.fill(laneSums, 0);
                SimdReductions.addDotLanesDoubles(a, i * ai - j * bj, b, j * bj, j * bj + k, laneSums, 0);
                double sum = SimdReductions.sum(laneSums, 0, laneSums.length);
                long e = i * n + j;
                DoubleLanes.setElement(c, false, e, accumulate ? DoubleLanes.element(c, false, e) + sum : sum);
            }
        }
    }

    /** Rows {@code [from, to)} of {@code A·B} with {@code B}'s rows contiguous: {@code b(l, j) = b[l·bl + j]}. */
    private static void axpyRows(MemorySegment a, long ai, long al, MemorySegment b, long bl, MemorySegment c, int n,
            int k, int from, int to, boolean accumulate) {
        int bound = (int) DoubleLanes.loopBound(0, n);
        VectorMask<Double> tail = DoubleLanes.tail(bound, n);
        for (long i = from; i < to; i++) {
            long row = i * n;
            if (!accumulate) {
                c.asSlice(row * Double.BYTES, (long) n * Double.BYTES).fill((byte) 0);
            }
            for (long l = 0; l < k; l++) {
                DoubleVector x = DoubleVector.broadcast(Lanes.DOUBLE_SPECIES, DoubleLanes.element(a, false,
                        i * ai + l * al));
                long bRow = l * bl;
                for (int j = 0; j < bound; j += Lanes.DOUBLE_LENGTH) {
                    DoubleLanes.storeDoubles(x.fma(DoubleLanes.loadDoubles(b, bRow + j),
                            DoubleLanes.loadDoubles(c, row + j)), c, row + j);
                }
                if (bound < n) {
                    DoubleLanes.storeDoubles(x.fma(DoubleLanes.loadDoubles(b, bRow + bound, tail),
                            DoubleLanes.loadDoubles(c, row + bound, tail)), c, row + bound, tail);
                }
            }
        }
    }
}
