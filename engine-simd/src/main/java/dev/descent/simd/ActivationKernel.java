package dev.descent.simd;

import dev.descent.kernel.Activation;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * The element-wise kernels of a layer, twins of the reference's {@code biasActivation} and
 * {@code activationBackward}: each element computed in double lanes from the widened inputs and rounded
 * once to the dtype, as the reference does. {@code z + bias}, ReLU, the identity and every backward rule
 * are the reference's operations and equal it bit for bit; tanh and the sigmoid's exponential are the
 * Vector API's ({@link VectorOperators#TANH}, {@link VectorOperators#EXP}), within an ulp or two of
 * {@link Math#tanh} and {@link Math#exp} in double, so after rounding to float32 they nearly always equal
 * the reference and otherwise differ by one float32 ulp.
 *
 * <p>Laid out as {@link DoubleLanes} explains: one loop per dtype, the full vectors then one masked
 * vector, the per-vector arithmetic in {@link #activate} and {@link #backward}.
 */
final class ActivationKernel {
    private ActivationKernel() {
    }

    /** {@code z ← z + bias} and {@code h ← φ(z)} (of {@code z} as stored) for the rows {@code [from, to)} of {@code n} columns. */
    static void biasActivationFloats(Activation activation, MemorySegment z, MemorySegment bias, MemorySegment h,
            long n, long from, long to) {
        long bound = DoubleLanes.loopBound(0, n);
        VectorMask<Double> tail = DoubleLanes.tail(bound, n);
        for (long i = from; i < to; i++) {
            long row = i * n;
            for (long j = 0; j < bound; j += Lanes.DOUBLE_LENGTH) {
                DoubleLanes.storeFloats(DoubleLanes.loadFloats(z, row + j).add(DoubleLanes.loadFloats(bias, j)), z,
                        row + j);
                DoubleLanes.storeFloats(activate(activation, DoubleLanes.loadFloats(z, row + j)), h, row + j);
            }
            if (bound < n) {
                DoubleLanes.storeFloats(DoubleLanes.loadFloats(z, row + bound, tail)
                        .add(DoubleLanes.loadFloats(bias, bound, tail)), z, row + bound, tail);
                DoubleLanes.storeFloats(activate(activation, DoubleLanes.loadFloats(z, row + bound, tail)), h,
                        row + bound, tail);
            }
        }
    }

    /** {@link #biasActivationFloats} over float64 memory. */
    static void biasActivationDoubles(Activation activation, MemorySegment z, MemorySegment bias, MemorySegment h,
            long n, long from, long to) {
        long bound = DoubleLanes.loopBound(0, n);
        VectorMask<Double> tail = DoubleLanes.tail(bound, n);
        for (long i = from; i < to; i++) {
            long row = i * n;
            for (long j = 0; j < bound; j += Lanes.DOUBLE_LENGTH) {
                DoubleVector sum = DoubleLanes.loadDoubles(z, row + j).add(DoubleLanes.loadDoubles(bias, j));
                DoubleLanes.storeDoubles(sum, z, row + j);
                DoubleLanes.storeDoubles(activate(activation, sum), h, row + j);
            }
            if (bound < n) {
                DoubleVector sum = DoubleLanes.loadDoubles(z, row + bound, tail)
                        .add(DoubleLanes.loadDoubles(bias, bound, tail));
                DoubleLanes.storeDoubles(sum, z, row + bound, tail);
                DoubleLanes.storeDoubles(activate(activation, sum), h, row + bound, tail);
            }
        }
    }

    /** {@code out ← φ'(z)·upstream} from {@code h = φ(z)} over the elements {@code [from, to)} of float32 memory. */
    static void backwardFloats(Activation activation, MemorySegment h, MemorySegment upstream, MemorySegment out,
            long from, long to) {
        long bound = DoubleLanes.loopBound(from, to);
        for (long e = from; e < bound; e += Lanes.DOUBLE_LENGTH) {
            DoubleLanes.storeFloats(backward(activation, DoubleLanes.loadFloats(h, e),
                    DoubleLanes.loadFloats(upstream, e)), out, e);
        }
        if (bound < to) {
            VectorMask<Double> tail = DoubleLanes.tail(bound, to);
            DoubleLanes.storeFloats(backward(activation, DoubleLanes.loadFloats(h, bound, tail),
                    DoubleLanes.loadFloats(upstream, bound, tail)), out, bound, tail);
        }
    }

    /** {@link #backwardFloats} over float64 memory. */
    static void backwardDoubles(Activation activation, MemorySegment h, MemorySegment upstream, MemorySegment out,
            long from, long to) {
        long bound = DoubleLanes.loopBound(from, to);
        for (long e = from; e < bound; e += Lanes.DOUBLE_LENGTH) {
            DoubleLanes.storeDoubles(backward(activation, DoubleLanes.loadDoubles(h, e),
                    DoubleLanes.loadDoubles(upstream, e)), out, e);
        }
        if (bound < to) {
            VectorMask<Double> tail = DoubleLanes.tail(bound, to);
            DoubleLanes.storeDoubles(backward(activation, DoubleLanes.loadDoubles(h, bound, tail),
                    DoubleLanes.loadDoubles(upstream, bound, tail)), out, bound, tail);
        }
    }

    /** φ lane by lane: torch's nn.Tanh, nn.ReLU ({@code max(z, 0)}) and nn.Sigmoid ({@code 1/(1 + e^−z)}). */
    private static DoubleVector activate(Activation activation, DoubleVector z) {
        return switch (activation) {
            case IDENTITY -> z;
            case TANH -> z.lanewise(VectorOperators.TANH);
            case RELU -> z.max(0.0);
            case SIGMOID -> DoubleVector.broadcast(Lanes.DOUBLE_SPECIES, 1.0)
                    .div(z.neg().lanewise(VectorOperators.EXP).add(1.0));
        };
    }

    /**
     * φ'(z)·u lane by lane from {@code h = φ(z)}: {@code (1 − h²)·u}, {@code h·(1 − h)·u}, and ReLU's
     * {@code u} where {@code h > 0}, else 0 (torch's threshold_backward: 0 at 0, even for an infinite u).
     */
    private static DoubleVector backward(Activation activation, DoubleVector h, DoubleVector u) {
        return switch (activation) {
            case IDENTITY -> u;
            case TANH -> h.mul(h).neg().add(1.0).mul(u);
            case RELU -> DoubleVector.zero(Lanes.DOUBLE_SPECIES).blend(u, h.compare(VectorOperators.GT, 0.0));
            case SIGMOID -> h.mul(h.neg().add(1.0)).mul(u);
        };
    }
}
