package dev.descent.cuda;

import dev.descent.backend.Backend;
import dev.descent.backend.KernelArguments;
import dev.descent.backend.ParameterSlots;
import dev.descent.kernel.KernelLayout;
import dev.descent.tensor.DType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The uploaded {@link TensorTable}s of the parameter groups the backend has stepped, so that a
 * training loop uploads each group's table once and every later step is a single launch with no
 * host-to-device traffic.
 *
 * <p>A table is found by the identity of the group's list (the {@link dev.descent.optim.Optimizer}
 * passes the same list every step), the kernel and the slots in use, and reused only if the list
 * still holds the very same {@link ParameterSlots} records (immutable, so their tensors are the same
 * and, tensors never moving, so are the addresses) and every tensor is still open. The
 * {@value #CAPACITY} most recently used tables are kept; an evicted one is freed.
 */
final class GroupTables {

    /** Tables kept at most. */
    static final int CAPACITY = 64;

    /**
     * An uploaded table.
     *
     * @param tensorsAddress device address of the tensor entries (0 when there are no chunks)
     * @param chunksAddress device address of the chunk map
     * @param chunks the number of chunks, 0 if every tensor is empty
     * @param present the bits of the slots in use
     */
    record Uploaded(long tensorsAddress, long chunksAddress, int chunks, int present) {
    }

    private final Device device;
    private final Map<Key, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

    GroupTables(Device device) {
        this.device = device;
    }

    /**
     * The table of {@code group} for {@code kernel}, whose slots {@code layout} declares, with the slots
     * whose bits are set in {@code present} ({@link KernelLayout#usedSlots}): cached, or checked, built and uploaded. Throws
     * {@link IllegalArgumentException} or {@link IllegalStateException} naming the tensor when one is
     * closed, foreign, not float32 or shaped unlike its parameter, or a used state is missing.
     */
    Uploaded get(Backend backend, Kernel kernel, KernelLayout<?> layout, List<ParameterSlots> group, int present) {
        return get(backend, kernel, layout.stateNames(), group, present);
    }

    /**
     * The table of {@code group} for {@code kernel} with the slots whose bits are set in {@code present},
     * the state slots named by {@code states} in slot order: for kernels that read slots of a group
     * without being its optimizer's step (the gradient norm reads slot 1 alone).
     */
    Uploaded get(Backend backend, Kernel kernel, List<String> states, List<ParameterSlots> group, int present) {
        Key key = new Key(group, kernel, present);
        Entry cached = entries.get(key);
        if (cached != null) {
            if (cached.holds(group)) {
                for (CudaTensor t : cached.tensors) {
                    t.requireOpen();
                }
                return cached.uploaded;
            }
            entries.remove(key);
            cached.free(device);
        }
        // A caller that builds a new list for every step still gets its table back, if the records are the same.
        for (Iterator<Map.Entry<Key, Entry>> it = entries.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Key, Entry> e = it.next();
            if (e.getKey().kernel == kernel && e.getKey().present == present && e.getValue().holds(group)) {
                Entry same = e.getValue();
                it.remove();
                entries.put(key, same);
                for (CudaTensor t : same.tensors) {
                    t.requireOpen();
                }
                return same.uploaded;
            }
        }
        Entry built = build(backend, states, group, present);
        entries.put(key, built);
        evict();
        return built.uploaded;
    }

    /** Frees every table. */
    void clear() {
        for (Entry e : entries.values()) {
            e.free(device);
        }
        entries.clear();
    }

    /** The number of tables kept. */
    int size() {
        return entries.size();
    }

    private Entry build(Backend backend, List<String> states, List<ParameterSlots> group, int present) {
        ParameterSlots[] slots = group.toArray(new ParameterSlots[0]);
        List<CudaTensor> tensors = new ArrayList<>();
        long[][] addresses = new long[slots.length][KernelLayout.maxSlots()];
        long[] sizes = new long[slots.length];
        long[] masters = new long[slots.length];
        DType[] halves = new DType[slots.length];
        for (int t = 0; t < slots.length; t++) {
            ParameterSlots s = slots[t];
            KernelArguments.requireSlotDTypes(s);
            CudaTensor param = CudaTensors.requireSlot(backend, s.param(), s.param());
            CudaTensor grad = CudaTensors.requireSlot(backend, s.param(), s.grad());
            tensors.add(param);
            tensors.add(grad);
            for (var state : s.state().values()) { // as the CPU backends: every state tensor must be sound
                tensors.add(CudaTensors.requireSlot(backend, s.param(), state));
            }
            addresses[t][0] = param.address();
            addresses[t][1] = grad.address();
            for (int i = 0; i < states.size(); i++) {
                if ((present & 1 << (2 + i)) != 0) {
                    addresses[t][2 + i] = CudaTensors.requireSlot(backend, s.param(), s.state(states.get(i))).address();
                }
            }
            sizes[t] = param.size();
            if (s.hasMaster()) {
                masters[t] = CudaTensors.requireSlot(backend, s.param(), s.master()).address();
                halves[t] = s.param().dtype();
            }
        }
        TensorTable table = TensorTable.build(addresses, sizes, masters, halves);
        long address = 0;
        if (table.chunks() > 0) {
            long bytes = table.bytes().byteSize();
            address = device.allocate(bytes, "the tensor table of a parameter group of " + slots.length + " tensors");
            var source = table.bytes();
            device.upload(address, bytes / 8, 8, (chunk, first, count) ->
                    java.lang.foreign.MemorySegment.copy(source, first * 8, chunk, 0, count * 8L));
        }
        Uploaded uploaded = new Uploaded(address, address + table.chunkMapOffset(), table.chunks(), present);
        return new Entry(slots, tensors.toArray(new CudaTensor[0]), address, uploaded);
    }

    private void evict() {
        Iterator<Entry> it = entries.values().iterator();
        while (entries.size() > CAPACITY && it.hasNext()) {
            Entry eldest = it.next();
            it.remove();
            eldest.free(device);
        }
    }

    /** A group list by identity, with the kernel and slots it was uploaded for. */
    private record Key(List<ParameterSlots> group, Kernel kernel, int present) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.group == group && k.kernel == kernel && k.present == present;
        }

        @Override
        public int hashCode() {
            return (System.identityHashCode(group) * 31 + kernel.hashCode()) * 31 + present;
        }
    }

    private static final class Entry {
        final ParameterSlots[] slots;
        final CudaTensor[] tensors;
        final long address;
        final Uploaded uploaded;

        Entry(ParameterSlots[] slots, CudaTensor[] tensors, long address, Uploaded uploaded) {
            this.slots = slots;
            this.tensors = tensors;
            this.address = address;
            this.uploaded = uploaded;
        }

        /** Whether {@code group} still holds exactly the records this table was built from. */
        boolean holds(List<ParameterSlots> group) {
            return ParameterSlots.sameRecords(group, slots);
        }

        void free(Device device) {
            if (address != 0) {
                device.free(address);
            }
        }
    }
}
