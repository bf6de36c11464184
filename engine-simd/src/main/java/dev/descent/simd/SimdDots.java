package dev.descent.simd;

import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * One {@code dots(a, b, out)} call: every product {@code aᵢ·bⱼ} in one pass over memory. The
 * tensors are cut into the blocks of {@link SimdVectors#dot} ({@link Chunks#CHUNK} elements, the
 * unit a thread takes) and each block into runs of {@link SimdReductions#RUN} elements (16 KiB of
 * float64 per tensor, so the runs of the 20-odd tensors of an L-BFGS history stay in a 1 MiB L2
 * cache); all products run over one run before the next, so each distinct tensor's run comes from
 * memory once and is read again from cache by its other products. A tensor that appears several
 * times (in both arrays, or twice in one) is one distinct tensor, found by identity; a product that
 * appears several times ({@code aᵢ·bⱼ} and {@code bⱼ·aᵢ}: the same fused multiply-adds) is computed
 * once. The products of one left tensor run four at a time ({@link SimdReductions#addDotLanes4Floats}),
 * which loads it once for four and keeps four chains of additions in flight.
 *
 * <p>Each product adds its runs' lane sums in run order, and the blocks' sums in block order, exactly
 * as {@code dot} does, so every result equals the backend's own {@code dot} of the two tensors bit for
 * bit, for any thread count.
 */
final class SimdDots {

    private final MemorySegment[] tensors; // the distinct tensors, in order of first appearance
    private final int[] left; // distinct product p is tensors[left[p]]·tensors[right[p]]
    private final int[] right;
    private final int[] productOf; // out[k] is distinct product productOf[k]
    private final boolean floats;
    private final long size;
    private final int blocks;
    private final double[] laneSums; // [block][product][lane]

    /** The plan of {@code dots(a, b, ·)} for tensors this backend owns, checked alike. */
    SimdDots(Tensor[] a, Tensor[] b) {
        Map<Tensor, Integer> index = new IdentityHashMap<>();
        int[] ai = distinct(a, index);
        int[] bi = distinct(b, index);
        tensors = new MemorySegment[index.size()];
        index.forEach((t, k) -> tensors[k] = Segments.of(t));
        // the distinct products {lo, hi}, numbered in (lo, hi) order, so that the products of one left
        // tensor are consecutive and run four at a time (accumulate)
        int[][] productIndex = new int[tensors.length][tensors.length];
        for (int i : ai) {
            for (int j : bi) {
                productIndex[Math.min(i, j)][Math.max(i, j)] = 1;
            }
        }
        int[] l = new int[ai.length * bi.length];
        int[] r = new int[l.length];
        int products = 0;
        for (int lo = 0; lo < tensors.length; lo++) {
            for (int hi = lo; hi < tensors.length; hi++) {
                if (productIndex[lo][hi] != 0) {
                    productIndex[lo][hi] = products;
                    l[products] = lo;
                    r[products] = hi;
                    products++;
                }
            }
        }
        left = Arrays.copyOf(l, products);
        right = Arrays.copyOf(r, products);
        productOf = new int[ai.length * bi.length];
        for (int i = 0; i < ai.length; i++) {
            for (int j = 0; j < bi.length; j++) {
                productOf[i * bi.length + j] = productIndex[Math.min(ai[i], bi[j])][Math.max(ai[i], bi[j])];
            }
        }
        floats = a[0].dtype() == DType.FLOAT32;
        size = a[0].size();
        blocks = Math.toIntExact((size + Chunks.CHUNK - 1) / Chunks.CHUNK);
        laneSums = new double[Math.multiplyExact(Math.multiplyExact(blocks, products), Lanes.DOUBLE_LENGTH)];
    }

    private static int[] distinct(Tensor[] ts, Map<Tensor, Integer> index) {
        int[] out = new int[ts.length];
        for (int k = 0; k < ts.length; k++) {
            out[k] = index.computeIfAbsent(ts[k], t -> index.size());
        }
        return out;
    }

    /** The element count of every tensor. */
    long size() {
        return size;
    }

    /** The memory the pass reads, each distinct tensor once. */
    MemorySegment[] memory() {
        return tensors;
    }

    /**
     * Accumulates the elements {@code [from, to)} into the lane sums; {@code from} is the start of a
     * block, and different calls cover different blocks (so threads never share a lane sum).
     */
    void accumulate(long from, long to) {
        int products = left.length;
        int l = Lanes.DOUBLE_LENGTH;
        for (long block = from; block < to; block += Chunks.CHUNK) {
            int first = (int) (block / Chunks.CHUNK) * products * l;
            long blockEnd = Math.min(block + Chunks.CHUNK, to);
            for (long start = block; start < blockEnd; start += SimdReductions.RUN) {
                long end = Math.min(start + SimdReductions.RUN, blockEnd);
                int p = 0;
                while (p < products) {
                    int at = first + p * l;
                    MemorySegment a = tensors[left[p]];
                    if (p + 4 <= products && left[p + 3] == left[p]) { // four products of one left tensor
                        MemorySegment b0 = tensors[right[p]];
                        MemorySegment b1 = tensors[right[p + 1]];
                        MemorySegment b2 = tensors[right[p + 2]];
                        MemorySegment b3 = tensors[right[p + 3]];
                        if (floats) {
                            SimdReductions.addDotLanes4Floats(a, b0, b1, b2, b3, start, end, laneSums, at, at + l,
                                    at + 2 * l, at + 3 * l);
                        } else {
                            SimdReductions.addDotLanes4Doubles(a, b0, b1, b2, b3, start, end, laneSums, at, at + l,
                                    at + 2 * l, at + 3 * l);
                        }
                        p += 4;
                    } else if (floats) {
                        SimdReductions.addDotLanesFloats(a, 0, tensors[right[p]], start, end, laneSums, at);
                        p++;
                    } else {
                        SimdReductions.addDotLanesDoubles(a, 0, tensors[right[p]], start, end, laneSums, at);
                        p++;
                    }
                }
            }
        }
    }

    /** Writes the results, once every block is accumulated: per product the blocks' sums in block order. */
    void results(double[] out) {
        int products = left.length;
        for (int k = 0; k < productOf.length; k++) {
            double sum = 0;
            for (int block = 0; block < blocks; block++) {
                int at = (block * products + productOf[k]) * Lanes.DOUBLE_LENGTH;
                sum += SimdReductions.sum(laneSums, at, at + Lanes.DOUBLE_LENGTH);
            }
            out[k] = sum;
        }
    }
}
