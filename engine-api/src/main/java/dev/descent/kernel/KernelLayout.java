package dev.descent.kernel;

import dev.descent.tensor.DType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The slots of one optimizer kernel, declared once next to its coefficient record and read by every
 * backend: slot 0 is the parameter, slot 1 its gradient, then the {@linkplain #states() state slots}
 * in order. The CUDA sources declare the same order as an enum ({@code AdamSlot}), which a test holds
 * to this layout; the CUDA backend's tables, the benchmarks' bytes per element and the optimizer's
 * state tensors all follow from it.
 *
 * @param <C> the kernel's coefficient record
 * @param kernel the kernel's name: the CUDA module ({@code adam.cu}) and the kernel {@code <kernel>_step}
 * @param states the state slots, slot 2 onwards
 */
public record KernelLayout<C extends Coefficients>(String kernel, List<StateSlot<C>> states) {

    /** The slot of the parameter. */
    public static final int PARAM = 0;

    /** The slot of the gradient. */
    public static final int GRAD = 1;

    public KernelLayout {
        Objects.requireNonNull(kernel, "kernel");
        states = List.copyOf(states);
        List<String> names = new ArrayList<>();
        for (StateSlot<C> s : states) {
            if (names.contains(s.name())) {
                throw new IllegalArgumentException(kernel + " declares the state slot '" + s.name() + "' twice");
            }
            names.add(s.name());
        }
    }

    /** The layout of {@code kernel} with {@code states} in slot order. */
    @SafeVarargs
    public static <C extends Coefficients> KernelLayout<C> of(String kernel, StateSlot<C>... states) {
        return new KernelLayout<>(kernel, List.of(states));
    }

    /** The number of slots: parameter, gradient and the state slots. */
    public int slots() {
        return 2 + states.size();
    }

    /** The state slots' names in order. */
    public List<String> stateNames() {
        return states.stream().map(StateSlot::name).toList();
    }

    /** The bits of the slots the step with coefficients {@code c} uses: bit 0 parameter, bit 1 gradient, bit 2 + i state {@code i}. */
    public int usedSlots(C c) {
        int bits = 1 << PARAM | 1 << GRAD;
        for (int i = 0; i < states.size(); i++) {
            if (states.get(i).usedBy(c)) {
                bits |= 1 << (2 + i);
            }
        }
        return bits;
    }

    /** The bits of the slots a step writes, whenever it uses them: the parameter and every written state slot. */
    public int writtenSlots() {
        int bits = 1 << PARAM;
        for (int i = 0; i < states.size(); i++) {
            if (states.get(i).written()) {
                bits |= 1 << (2 + i);
            }
        }
        return bits;
    }

    /**
     * The float32 bytes one step with coefficients {@code c} must move per element: 4 for every slot it
     * reads, 4 more for every slot it writes (the least a single fused pass can move).
     */
    public int bytesPerElement(C c) {
        int used = usedSlots(c);
        int written = writtenSlots() & used;
        return 4 * (Integer.bitCount(used) + Integer.bitCount(written));
    }

    /**
     * The bytes one step with coefficients {@code c} must move per element when the parameter and its
     * gradient are in {@code dtype}. For float32 that is {@link #bytesPerElement(Coefficients)}; for a
     * low-precision dtype the step runs on the parameter's float32 master (master weights): it reads the
     * gradient in {@code dtype}, reads and writes the float32 master and the state slots, and writes the
     * rounded parameter in {@code dtype} — the low-precision parameter itself is never read.
     */
    public int bytesPerElement(C c, DType dtype) {
        if (!dtype.isLowPrecision()) {
            return dtype.byteSize() / 4 * bytesPerElement(c);
        }
        int states = ~(1 << PARAM | 1 << GRAD);
        int used = usedSlots(c) & states;
        int written = writtenSlots() & used;
        return 4 * (Integer.bitCount(used) + Integer.bitCount(written)) + 2 * 4 + 2 * dtype.byteSize();
    }

    /**
     * Every optimizer kernel's layout, one per permitted {@link Coefficients} record (its
     * {@code LAYOUT} constant), in the order the sealed interface lists them.
     */
    public static List<KernelLayout<?>> all() {
        return Layouts.ALL;
    }

    /** The most slots any optimizer kernel has (the CUDA tables' width, {@code kMaxSlots}). */
    public static int maxSlots() {
        return Layouts.MAX_SLOTS;
    }

    /** The layouts found through the sealed interface, computed once. */
    private static final class Layouts {
        static final List<KernelLayout<?>> ALL = find();
        static final int MAX_SLOTS = ALL.stream().mapToInt(KernelLayout::slots).max().orElse(2);

        private static List<KernelLayout<?>> find() {
            List<KernelLayout<?>> layouts = new ArrayList<>();
            for (Class<?> record : Coefficients.class.getPermittedSubclasses()) {
                try {
                    layouts.add((KernelLayout<?>) record.getField("LAYOUT").get(null));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(record.getSimpleName() + " declares no public static LAYOUT", e);
                }
            }
            return List.copyOf(layouts);
        }
    }
}
