package dev.descent.cpu;

import dev.descent.backend.ParameterSlots;
import dev.descent.tensor.DType;
import dev.descent.tensor.HalfFloats;
import dev.descent.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The step of a bfloat16 or float16 parameter with float32 master weights on the CPU backends,
 * wrapped around the backend's own float32 kernel, so that every optimizer gets it from this one
 * place: block by block of {@value #BLOCK} elements, the low-precision gradient is widened into a
 * float32 scratch block of the thread's, the kernel runs on the block (the master as its parameter,
 * the scratch as its gradient, windows of the state), and the master block, still in cache, is
 * rounded to nearest even into the parameter (the recipe of Micikevicius et al. 2018, "Mixed
 * Precision Training", §3.1). Each array crosses memory once, as in a fused float32 step; the
 * kernels are elementwise, so the master's bits are those of the float32 step given the widened
 * gradient.
 */
public final class MasterWeightBlocks {
    private MasterWeightBlocks() {
    }

    /** Elements per block: the widened gradient's 16 KiB and the block's other arrays stay in L1/L2. */
    public static final int BLOCK = 4096;

    private static final ValueLayout.OfShort BITS16 = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private static final ThreadLocal<MemorySegment> SCRATCH =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate((long) BLOCK * Float.BYTES, CpuTensor.ALIGNMENT));

    /**
     * Steps elements {@code [from, to)} of {@code s}, a parameter with a master ({@link ParameterSlots#hasMaster()}),
     * running {@code kernel} on each block's float32 slots (all of each: the kernel steps the whole block).
     */
    public static void step(ParameterSlots s, long from, long to, Consumer<ParameterSlots> kernel) {
        CpuTensor param = (CpuTensor) s.param();
        CpuTensor master = (CpuTensor) s.master();
        DType dtype = param.dtype();
        MemorySegment p = param.segment();
        MemorySegment g = ((CpuTensor) s.grad()).segment();
        MemorySegment m = master.segment();
        MemorySegment scratch = SCRATCH.get();
        for (long b = from; b < to; b += BLOCK) {
            int n = (int) Math.min(BLOCK, to - b);
            widen(g, dtype, b, scratch, n);
            Map<String, Tensor> state = new LinkedHashMap<>();
            for (Map.Entry<String, Tensor> e : s.state().entrySet()) {
                if (!e.getKey().equals(ParameterSlots.MASTER_PARAM)) {
                    state.put(e.getKey(), CpuTensor.view((CpuTensor) e.getValue(), e.getValue().name(), b, n));
                }
            }
            Tensor gradient = CpuTensor.wrap(param.backend(), s.grad().name(), scratch.asSlice(0, (long) n * Float.BYTES),
                    DType.FLOAT32, n);
            kernel.accept(new ParameterSlots(CpuTensor.view(master, master.name(), b, n), gradient, state));
            narrow(m, b, p, dtype, n);
        }
    }

    /** Widens the {@code dtype} elements {@code from … from + n − 1} of {@code half} into float32 elements {@code 0 … n − 1} of {@code target}. */
    public static void widen(MemorySegment half, DType dtype, long from, MemorySegment target, int n) {
        for (int i = 0; i < n; i++) {
            target.setAtIndex(F32, i, HalfFloats.widen(dtype, half.getAtIndex(BITS16, from + i)));
        }
    }

    /** Rounds the float32 elements {@code from … from + n − 1} of {@code master} into the same elements of {@code half}. */
    private static void narrow(MemorySegment master, long from, MemorySegment half, DType dtype, int n) {
        for (long i = from, end = from + n; i < end; i++) {
            half.setAtIndex(BITS16, i, HalfFloats.narrow(dtype, master.getAtIndex(F32, i)));
        }
    }

    /** This thread's float32 scratch block of {@value #BLOCK} elements (for a reduction over widened gradients). */
    public static MemorySegment scratch() {
        return SCRATCH.get();
    }
}
