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
 * micro-panels into an {@code MR × NR} tile of {@code MR·VECTORS} vector accumulators with fused
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

    /**
     * Rows of the micro-kernel's tile. On AVX2 twelve accumulators, one vector of {@code B} and the
     * broadcasts the JIT keeps in flight fit the sixteen registers; a 6 × 16 tile (two vectors of
     * {@code B}) has the same number of accumulators but, once the JIT hoists its bounds checks, spills
     * one of them to the stack every term: 12 × 8 measured 5–10% faster. With AVX-512's 32 registers the
     * tile is 12 × 32 (two vectors of {@code B}, 24 accumulators): 20–25% faster than 12 × 16
     * (docs/benchmarks.md).
     */
    static final int MR = 12;

    /**
     * Vectors per row of the micro-kernel's tile: two where vectors have 16 float lanes (AVX-512, whose 32
     * registers hold the 24 accumulators, the two vectors of {@code B} and a broadcast), one elsewhere
     * (AVX2's 16 registers: {@code MR} accumulators).
     */
    static final int VECTORS = vectors();

    /**
     * {@link #VECTORS}: two for 16 float lanes, else one; {@code -Ddescent.gemmVectors=1} (or 2) chooses,
     * for measuring one tile against the other (docs/benchmarks.md) — any other value is ignored.
     */
    private static int vectors() {
        int chosen = Integer.getInteger("descent.gemmVectors", 0);
        return chosen == 1 || chosen == 2 ? chosen : Lanes.LENGTH >= 16 ? 2 : 1;
    }

    /** Columns of the micro-kernel's tile. */
    static final int NR = VECTORS * Lanes.LENGTH;

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
        float[] run = s.run(Math.max(PanelTranspose.runRows(Math.max(MR, NR)) * blocks.kc(), blocks.mc()));
        for (int kb = 0; kb < blocks.kBlocks(); kb++) {
            int l0 = kb * blocks.kc();
            int kc = Math.min(blocks.kc(), blocks.k() - l0);
            packB(b, bl, bj, l0, kc, j0, cols, bp, run);
            boolean add = accumulate || kb > 0;
            for (int rb = blocks.firstRowBlock(rowGroup); rb < blocks.firstRowBlock(rowGroup + 1); rb++) {
                int i0 = rb * blocks.mc();
                int rows = Math.min(blocks.mc(), blocks.m() - i0);
                packA(a, ai, al, i0, rows, l0, kc, ap, run);
                for (int jr = 0; jr < cols; jr += NR) {
                    for (int ir = 0; ir < rows; ir += MR) {
                        if (VECTORS == 2) {
                            microKernelWide(ap, ir * kc, bp, jr * kc, kc, s.tile);
                        } else {
                            microKernel(ap, ir * kc, bp, jr * kc, kc, s.tile);
                        }
                        store(s.tile, c, blocks.n(), i0 + ir, j0 + jr, Math.min(MR, rows - ir),
                                Math.min(NR, cols - jr), add);
                    }
                }
            }
        }
    }

    /**
     * Packs {@code A(i0 + r, l0 + l)} for {@code r < rows}, {@code l < kc} into micro-panels of {@link #MR}
     * rows, interleaved: {@code A(r, l)} at {@code (r − r mod MR)·kc + l·MR + r mod MR}, rows past
     * {@code rows} 0. When {@code A}'s rows are contiguous ({@code al = 1}: {@code a·bᵀ}, {@code a·b}) the
     * rows of a panel are read as runs into {@code run} and interleaved; else ({@code ai = 1}:
     * {@code aᵀ·b}) each column {@code l} of the block is read as one run and cut into the panels.
     */
    private static void packA(MemorySegment a, long ai, long al, int i0, int rows, int l0, int kc, float[] ap,
            float[] run) {
        if (al == 1) {
            for (int r = 0; r < rows; r += MR) {
                int height = Math.min(MR, rows - r);
                for (int h = 0; h < height; h++) {
                    MemorySegment.copy(a, F32, ((i0 + r + h) * ai + l0) * Float.BYTES, run, h * kc, kc);
                }
                interleave(run, height, kc, ap, r * kc, MR);
            }
            return;
        }
        requireUnitStride(ai, "A");
        for (int l = 0; l < kc; l++) {
            MemorySegment.copy(a, F32, (i0 + (l0 + l) * al) * Float.BYTES, run, 0, rows);
            for (int r = 0; r < rows; r += MR) {
                int height = Math.min(MR, rows - r);
                int to = r * kc + l * MR;
                for (int h = 0; h < MR; h++) { // a loop, not System.arraycopy: MR elements cost less than a call
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
                    for (int v = 0; v < NR; v += Lanes.LENGTH) {
                        Lanes.load(b, (l0 + l) * bl + j0 + q + v).intoArray(bp, panel + l * NR + v);
                    }
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
    static void interleave(float[] run, int count, int kc, float[] panel, int at, int stride) {
        if (PanelTranspose.APPLIES) {
            PanelTranspose.interleave(run, count, kc, panel, at, stride);
            return;
        }
        interleaveScalar(run, count, kc, panel, at, stride);
    }

    /** {@link #interleave} a value at a time: the specification of {@link PanelTranspose}, and its stand-in. */
    static void interleaveScalar(float[] run, int count, int kc, float[] panel, int at, int stride) {
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
     * {@code ap[a + l·MR + r]}) and one {@code B} micro-panel ({@code B(l, q)} at {@code bp[b + l·NR + q]}) over
     * {@code kc} terms, in {@code MR} float accumulators (row {@code r} in {@code cR}), written row-major into
     * {@code tile}. Per term: one vector load of {@code B}, {@code MR} broadcasts of {@code A}, {@code MR}
     * fused multiply-adds. The strides are constants, so the JIT hoists the arrays' bounds checks out of
     * the loop.
     */
    private static void microKernel(float[] ap, int a, float[] bp, int b, int kc, float[] tile) {
        FloatVector c00 = FloatVector.zero(Lanes.SPECIES);
        FloatVector c01 = c00;
        FloatVector c02 = c00;
        FloatVector c03 = c00;
        FloatVector c04 = c00;
        FloatVector c05 = c00;
        FloatVector c06 = c00;
        FloatVector c07 = c00;
        FloatVector c08 = c00;
        FloatVector c09 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        for (int l = 0; l < kc; l++) {
            int at = a + l * MR;
            FloatVector b0 = FloatVector.fromArray(Lanes.SPECIES, bp, b + l * NR);
            c00 = FloatVector.broadcast(Lanes.SPECIES, ap[at + 0]).fma(b0, c00);
            c01 = FloatVector.broadcast(Lanes.SPECIES, ap[at + 1]).fma(b0, c01);
            c02 = FloatVector.broadcast(Lanes.SPECIES, ap[at + 2]).fma(b0, c02);
            c03 = FloatVector.broadcast(Lanes.SPECIES, ap[at + 3]).fma(b0, c03);
            c04 = FloatVector.broadcast(Lanes.SPECIES, ap[at + 4]).fma(b0, c04);
            c05 = FloatVector.broadcast(Lanes.SPECIES, ap[at + 5]).fma(b0, c05);
            c06 = FloatVector.broadcast(Lanes.SPECIES, ap[at + 6]).fma(b0, c06);
            c07 = FloatVector.broadcast(Lanes.SPECIES, ap[at + 7]).fma(b0, c07);
            c08 = FloatVector.broadcast(Lanes.SPECIES, ap[at + 8]).fma(b0, c08);
            c09 = FloatVector.broadcast(Lanes.SPECIES, ap[at + 9]).fma(b0, c09);
            c10 = FloatVector.broadcast(Lanes.SPECIES, ap[at + 10]).fma(b0, c10);
            c11 = FloatVector.broadcast(Lanes.SPECIES, ap[at + 11]).fma(b0, c11);
        }
        c00.intoArray(tile, 0 * NR);
        c01.intoArray(tile, 1 * NR);
        c02.intoArray(tile, 2 * NR);
        c03.intoArray(tile, 3 * NR);
        c04.intoArray(tile, 4 * NR);
        c05.intoArray(tile, 5 * NR);
        c06.intoArray(tile, 6 * NR);
        c07.intoArray(tile, 7 * NR);
        c08.intoArray(tile, 8 * NR);
        c09.intoArray(tile, 9 * NR);
        c10.intoArray(tile, 10 * NR);
        c11.intoArray(tile, 11 * NR);
    }

    /**
     * {@link #microKernel} for a tile two vectors wide ({@link #VECTORS} = 2): per term two vector loads of
     * {@code B}, {@code MR} broadcasts of {@code A} and {@code 2·MR} fused multiply-adds, row {@code r} in
     * {@code cR0} and {@code cR1}; the same sums in the same order per element.
     */
    private static void microKernelWide(float[] ap, int a, float[] bp, int b, int kc, float[] tile) {
        final int w = Lanes.LENGTH;
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
        FloatVector c60 = c00;
        FloatVector c61 = c00;
        FloatVector c70 = c00;
        FloatVector c71 = c00;
        FloatVector c80 = c00;
        FloatVector c81 = c00;
        FloatVector c90 = c00;
        FloatVector c91 = c00;
        FloatVector ca0 = c00;
        FloatVector ca1 = c00;
        FloatVector cb0 = c00;
        FloatVector cb1 = c00;
        for (int l = 0; l < kc; l++) {
            int at = a + l * MR;
            int bt = b + l * NR;
            FloatVector b0 = FloatVector.fromArray(Lanes.SPECIES, bp, bt);
            FloatVector b1 = FloatVector.fromArray(Lanes.SPECIES, bp, bt + w);
            FloatVector x = FloatVector.broadcast(Lanes.SPECIES, ap[at]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(Lanes.SPECIES, ap[at + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(Lanes.SPECIES, ap[at + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(Lanes.SPECIES, ap[at + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(Lanes.SPECIES, ap[at + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(Lanes.SPECIES, ap[at + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(Lanes.SPECIES, ap[at + 6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(Lanes.SPECIES, ap[at + 7]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
            x = FloatVector.broadcast(Lanes.SPECIES, ap[at + 8]);
            c80 = x.fma(b0, c80);
            c81 = x.fma(b1, c81);
            x = FloatVector.broadcast(Lanes.SPECIES, ap[at + 9]);
            c90 = x.fma(b0, c90);
            c91 = x.fma(b1, c91);
            x = FloatVector.broadcast(Lanes.SPECIES, ap[at + 10]);
            ca0 = x.fma(b0, ca0);
            ca1 = x.fma(b1, ca1);
            x = FloatVector.broadcast(Lanes.SPECIES, ap[at + 11]);
            cb0 = x.fma(b0, cb0);
            cb1 = x.fma(b1, cb1);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, w);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + w);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + w);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + w);
        c40.intoArray(tile, 4 * NR);
        c41.intoArray(tile, 4 * NR + w);
        c50.intoArray(tile, 5 * NR);
        c51.intoArray(tile, 5 * NR + w);
        c60.intoArray(tile, 6 * NR);
        c61.intoArray(tile, 6 * NR + w);
        c70.intoArray(tile, 7 * NR);
        c71.intoArray(tile, 7 * NR + w);
        c80.intoArray(tile, 8 * NR);
        c81.intoArray(tile, 8 * NR + w);
        c90.intoArray(tile, 9 * NR);
        c91.intoArray(tile, 9 * NR + w);
        ca0.intoArray(tile, 10 * NR);
        ca1.intoArray(tile, 10 * NR + w);
        cb0.intoArray(tile, 11 * NR);
        cb1.intoArray(tile, 11 * NR + w);
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
                for (int v = 0; v < NR; v += Lanes.LENGTH) {
                    FloatVector v0 = FloatVector.fromArray(Lanes.SPECIES, tile, from + v);
                    if (add) {
                        v0 = v0.add(Lanes.load(c, to + v));
                    }
                    Lanes.store(v0, c, to + v);
                }
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
