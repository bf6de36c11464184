package dev.descent.simd;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * The float32 matrix product {@code c ← [c +] A·B} of the network kernels, with {@code A} ({@code m × k})
 * and {@code B} ({@code k × n}) read from off-heap memory through strides — {@code A(i, l) = a[i·ai + l·al]},
 * {@code B(l, j) = b[l·bl + j·bj]} — so that one routine computes {@code a·bᵀ}, {@code aᵀ·b} and
 * {@code a·b}, and {@code c} row-major {@code m × n}.
 *
 * <p>The loops of Goto &amp; van de Geijn (ACM TOMS 2008) as BLIS orders them, cut by {@link GemmBlocks}:
 * for each task (a column block of the result and a group of row blocks) and each {@code k} block, the
 * task's columns of {@code B} are packed once into micro-panels of {@link #NR} columns, then each row
 * block's rows of {@code A} into micro-panels of {@link #MR} rows, in heap arrays laid out in the order
 * the micro-kernel reads them (zero-padded at the edges, so the micro-kernel has no tail); then the micro-kernel multiplies each pair of
 * micro-panels into an {@code MR × NR} tile of {@code 2·MR} vector accumulators with fused
 * multiply-adds, which stay in registers for the whole {@code k} block, and adds the tile into
 * {@code c}. Packing reads each operand once per block, in the transposed order where the product asks
 * for it, which is what lets one micro-kernel serve the three shapes.
 *
 * <p>Arithmetic: the accumulators are float lanes, each fused multiply-add rounding to float32, so an
 * element is {@code Σₗ A(i, l)·B(l, j)} summed in ascending {@code l} within each {@code k} block, the blocks'
 * sums added to {@code c} in block order. Each product goes through at most {@code k + 1} roundings, so
 * an element differs from the exact sum by at most {@code γ_{k+1}·(|c| + Σₗ |A(i, l)|·|B(l, j)|)}
 * (Higham 2002, §3.1; {@code u = 2⁻²⁴}, {@code |c|} only when accumulating). The order depends on
 * {@code k} alone, so the result does not depend on the thread count.
 */
final class FloatGemm {
    private FloatGemm() {
    }

    /** Rows of the micro-kernel's tile. */
    static final int MR = 6;

    /** Columns of the micro-kernel's tile: two vectors, so the tile is {@code 2·MR} accumulators. */
    static final int NR = 2 * Lanes.LENGTH;

    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** One thread's packing buffers, grown as needed and kept for its next call. */
    private static final class Scratch {
        float[] a = new float[0];
        float[] b = new float[0];
        float[] run = new float[0];
        final float[] tile = new float[MR * NR];

        float[] a(int size) {
            if (a.length < size) {
                a = new float[size];
            }
            return a;
        }

        float[] b(int size) {
            if (b.length < size) {
                b = new float[size];
            }
            return b;
        }

        float[] run(int size) {
            if (run.length < size) {
                run = new float[size];
            }
            return run;
        }
    }

    /**
     * {@code c ← [c +] A·B} for the {@code m × n} result of {@code blocks}, the tasks run by
     * {@code scheduler}.
     */
    static void multiply(MemorySegment a, long ai, long al, MemorySegment b, long bl, long bj, MemorySegment c,
            GemmBlocks blocks, boolean accumulate, ChunkScheduler scheduler) {
        int m = blocks.m();
        int n = blocks.n();
        if (m == 0 || n == 0) {
            return;
        }
        if (blocks.k() == 0) {
            if (!accumulate) {
                c.asSlice(0, (long) m * n * Float.BYTES).fill((byte) 0);
            }
            return;
        }
        int columnBlocks = blocks.columnBlocks();
        long work = (long) m * n * blocks.k() / 32; // a multiply-add costs about 1/32 of a streamed element
        scheduler.tasks(blocks.tasks(), work, t -> block(a, ai, al, b, bl, bj, c, blocks,
                t / columnBlocks, t % columnBlocks, accumulate), a, b, c); // task t: row group, column block
    }

    /** The task of row group {@code rowGroup} and column block {@code columnBlock}. */
    private static void block(MemorySegment a, long ai, long al, MemorySegment b, long bl, long bj, MemorySegment c,
            GemmBlocks blocks, int rowGroup, int columnBlock, boolean accumulate) {
        int j0 = columnBlock * blocks.nc();
        int cols = Math.min(blocks.nc(), blocks.n() - j0);
        Scratch s = SCRATCH.get();
        float[] ap = s.a(roundUp(blocks.mc(), MR) * blocks.kc());
        float[] bp = s.b(roundUp(cols, NR) * blocks.kc());
        float[] run = s.run(Math.max(NR * blocks.kc(), blocks.mc()));
        boolean rowLayout = al == 1; // A's rows contiguous: packed as rows, else interleaved (see packA)
        for (int kb = 0; kb < blocks.kBlocks(); kb++) {
            int l0 = kb * blocks.kc();
            int kc = Math.min(blocks.kc(), blocks.k() - l0);
            packB(b, bl, bj, l0, kc, j0, cols, bp, run);
            boolean add = accumulate || kb > 0;
            int aRow = rowLayout ? kc : 1;
            int aStep = rowLayout ? 1 : MR;
            for (int rb = blocks.firstRowBlock(rowGroup); rb < blocks.firstRowBlock(rowGroup + 1); rb++) {
                int i0 = rb * blocks.mc();
                int rows = Math.min(blocks.mc(), blocks.m() - i0);
                packA(a, ai, al, i0, rows, l0, kc, ap, run);
                for (int jr = 0; jr < cols; jr += NR) {
                    for (int ir = 0; ir < rows; ir += MR) {
                        microKernel(ap, ir * kc, aRow, aStep, bp, jr * kc, kc, s.tile);
                        store(s.tile, c, blocks.n(), i0 + ir, j0 + jr, Math.min(MR, rows - ir),
                                Math.min(NR, cols - jr), add);
                    }
                }
            }
        }
    }

    /**
     * Packs {@code A(i0 + r, l0 + l)} for {@code r < rows}, {@code l < kc} into micro-panels of {@link #MR}
     * rows, panel {@code r / MR} at {@code r·kc}, rows past {@code rows} 0. When {@code A}'s rows are
     * contiguous ({@code al = 1}: {@code a·bᵀ}, {@code a·b}) a panel holds its {@code MR} rows one after
     * the other ({@code A(r, l)} at {@code r·kc + l}: a bulk copy per row); else ({@code ai = 1}:
     * {@code aᵀ·b}) it interleaves them ({@code A(r, l)} at {@code (r − r mod MR)·kc + l·MR + r mod MR}),
     * each column {@code l} of the block read as one run into {@code run}.
     */
    private static void packA(MemorySegment a, long ai, long al, int i0, int rows, int l0, int kc, float[] ap,
            float[] run) {
        if (al == 1) {
            for (int r = 0; r < rows; r++) {
                MemorySegment.copy(a, F32, ((i0 + r) * ai + l0) * Float.BYTES, ap, r * kc, kc);
            }
            Arrays.fill(ap, rows * kc, roundUp(rows, MR) * kc, 0);
            return;
        }
        requireUnitStride(ai, "A");
        for (int l = 0; l < kc; l++) {
            MemorySegment.copy(a, F32, (i0 + (l0 + l) * al) * Float.BYTES, run, 0, rows);
            for (int r = 0; r < rows; r += MR) {
                int height = Math.min(MR, rows - r);
                int to = r * kc + l * MR;
                for (int h = 0; h < MR; h++) { // a loop, not System.arraycopy: 6 elements cost less than a call
                    ap[to + h] = h < height ? run[r + h] : 0;
                }
            }
        }
    }

    /**
     * Packs {@code B(l0 + l, j0 + q)} for {@code l < kc}, {@code q < cols} into micro-panels of {@link #NR}
     * columns: panel {@code q / NR} at {@code (q / NR)·NR·kc}, then row {@code l}'s {@code NR} values at
     * {@code l·NR}; columns past {@code cols} are 0. A row-major {@code B} ({@code bj = 1}: {@code aᵀ·b},
     * {@code a·b}) is copied a vector at a time; a transposed one ({@code bl = 1}: {@code a·bᵀ}) is read in
     * runs along {@code l} into {@code run} and interleaved.
     */
    private static void packB(MemorySegment b, long bl, long bj, int l0, int kc, int j0, int cols, float[] bp,
            float[] run) {
        for (int q = 0; q < cols; q += NR) {
            int width = Math.min(NR, cols - q);
            int panel = q * kc;
            if (bj == 1 && width == NR) {
                for (int l = 0; l < kc; l++) {
                    long from = (l0 + l) * bl + j0 + q;
                    Lanes.load(b, from).intoArray(bp, panel + l * NR);
                    Lanes.load(b, from + Lanes.LENGTH).intoArray(bp, panel + l * NR + Lanes.LENGTH);
                }
            } else if (bj == 1) {
                for (int l = 0; l < kc; l++) {
                    MemorySegment.copy(b, F32, ((l0 + l) * bl + j0 + q) * Float.BYTES, bp, panel + l * NR, width);
                    Arrays.fill(bp, panel + l * NR + width, panel + (l + 1) * NR, 0);
                }
            } else {
                requireUnitStride(bl, "B");
                for (int w = 0; w < width; w++) {
                    MemorySegment.copy(b, F32, ((j0 + q + w) * bj + l0) * Float.BYTES, run, w * kc, kc);
                }
                interleave(run, width, kc, bp, panel, NR);
            }
        }
    }

    /**
     * {@code panel[at + l·stride + h] ← run[h·kc + l]} for {@code h < count}, and 0 for
     * {@code count ≤ h < stride}: {@code count} runs of {@code kc} values interleaved into a micro-panel,
     * each run read in order.
     */
    private static void interleave(float[] run, int count, int kc, float[] panel, int at, int stride) {
        for (int h = 0; h < stride; h++) {
            int to = at + h;
            if (h < count) {
                int from = h * kc;
                for (int l = 0; l < kc; l++) {
                    panel[to + l * stride] = run[from + l];
                }
            } else {
                for (int l = 0; l < kc; l++) {
                    panel[to + l * stride] = 0;
                }
            }
        }
    }

    private static void requireUnitStride(long stride, String operand) {
        if (stride != 1) {
            throw new IllegalArgumentException(operand + " must be contiguous along one of its dimensions");
        }
    }

    /**
     * The {@code MR × NR} tile {@code Σₗ A(r, l)·B(l, q)} of one {@code A} micro-panel ({@code A(r, l)} at
     * {@code ap[a + r·aRow + l·aStep]}) and one {@code B} micro-panel (at {@code bp[b]}) over {@code kc} terms, in {@code 2·MR} float accumulators
     * (row {@code r} in {@code cR0}, {@code cR1}), written row-major into {@code tile}. Per term: two vector
     * loads of {@code B}, {@code MR} broadcasts of {@code A}, {@code 2·MR} fused multiply-adds.
     */
    private static void microKernel(float[] ap, int a, int aRow, int aStep, float[] bp, int b, int kc,
            float[] tile) {
        int a1 = aRow;
        int a2 = 2 * aRow;
        int a3 = 3 * aRow;
        int a4 = 4 * aRow;
        int a5 = 5 * aRow;
        FloatVector c00 = FloatVector.zero(Lanes.SPECIES);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        FloatVector c40 = c00;
        FloatVector c41 = c00;
        FloatVector c50 = c00;
        FloatVector c51 = c00;
        for (int l = 0; l < kc; l++, a += aStep, b += NR) {
            FloatVector b0 = FloatVector.fromArray(Lanes.SPECIES, bp, b);
            FloatVector b1 = FloatVector.fromArray(Lanes.SPECIES, bp, b + Lanes.LENGTH);
            FloatVector x = FloatVector.broadcast(Lanes.SPECIES, ap[a]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(Lanes.SPECIES, ap[a + a1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(Lanes.SPECIES, ap[a + a2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(Lanes.SPECIES, ap[a + a3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(Lanes.SPECIES, ap[a + a4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(Lanes.SPECIES, ap[a + a5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        int half = Lanes.LENGTH;
        c00.intoArray(tile, 0);
        c01.intoArray(tile, half);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + half);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + half);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + half);
        c40.intoArray(tile, 4 * NR);
        c41.intoArray(tile, 4 * NR + half);
        c50.intoArray(tile, 5 * NR);
        c51.intoArray(tile, 5 * NR + half);
    }

    /**
     * Writes the first {@code rows × cols} of {@code tile} to {@code c} (row length {@code n}) at
     * {@code (row, col)}, added to what is there when {@code add}.
     */
    private static void store(float[] tile, MemorySegment c, int n, int row, int col, int rows, int cols,
            boolean add) {
        for (int r = 0; r < rows; r++) {
            long to = (long) (row + r) * n + col;
            int from = r * NR;
            if (cols == NR) {
                FloatVector v0 = FloatVector.fromArray(Lanes.SPECIES, tile, from);
                FloatVector v1 = FloatVector.fromArray(Lanes.SPECIES, tile, from + Lanes.LENGTH);
                if (add) {
                    v0 = v0.add(Lanes.load(c, to));
                    v1 = v1.add(Lanes.load(c, to + Lanes.LENGTH));
                }
                Lanes.store(v0, c, to);
                Lanes.store(v1, c, to + Lanes.LENGTH);
                continue;
            }
            for (int q = 0; q < cols; q++) {
                float v = tile[from + q];
                c.setAtIndex(F32, to + q, add ? c.getAtIndex(F32, to + q) + v : v);
            }
        }
    }

    private static int roundUp(int a, int multiple) {
        return (a + multiple - 1) / multiple * multiple;
    }
}
