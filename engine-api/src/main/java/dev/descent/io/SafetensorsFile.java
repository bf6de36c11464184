package dev.descent.io;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A safetensors file read whole and checked ({@link Safetensors#readFile}): its {@code __metadata__}
 * strings and its tensors by name, each as floats or as the bytes stored ({@link #raw}, with their dtype).
 */
public final class SafetensorsFile {
    private final Path file;
    private final Map<String, String> metadata;
    private final Map<String, Safetensors.Entry> entries = new LinkedHashMap<>();
    private final ByteBuffer bytes;
    private final int base;

    SafetensorsFile(Path file, Map<String, String> metadata, List<Safetensors.Entry> entries, ByteBuffer bytes,
            int base) {
        this.file = file;
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        entries.forEach(e -> this.entries.put(e.name(), e));
        this.bytes = bytes;
        this.base = base;
    }

    /** The file read. */
    public Path file() {
        return file;
    }

    /** The {@code __metadata__} strings (empty if the file has none), in file order. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** The tensors' names, in the order of their data. */
    public List<String> names() {
        return List.copyOf(entries.keySet());
    }

    /** Whether the file holds a tensor called {@code name}. */
    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    /** The shape of tensor {@code name} (a copy). */
    public int[] shape(String name) {
        return entry(name).shape().clone();
    }

    /** The safetensors dtype of tensor {@code name} ({@code F32}, {@code F64}, {@code F16}, {@code BF16}). */
    public String dtype(String name) {
        return entry(name).dtype().name();
    }

    /** Tensor {@code name}, each value rounded to the nearest float. */
    public NamedTensor tensor(String name) {
        Safetensors.Entry e = entry(name);
        float[] values = new float[(int) ((e.end() - e.begin()) / e.dtype().bytes)]; // within the bytes present
        for (int i = 0; i < values.length; i++) {
            values[i] = e.dtype().get(bytes, base + (int) e.begin() + i * e.dtype().bytes);
        }
        return new NamedTensor(e.name(), e.shape(), values);
    }

    /** Every tensor, in the order of their data, as {@link #tensor} gives it. */
    public List<NamedTensor> tensors() {
        List<NamedTensor> out = new ArrayList<>(entries.size());
        entries.keySet().forEach(n -> out.add(tensor(n)));
        return out;
    }

    /**
     * The bytes stored for tensor {@code name}, of its dtype ({@code F32}, {@code F64}, {@code F16} or
     * {@code BF16}): a read-only view of the file's bytes.
     */
    public RawTensor raw(String name) {
        Safetensors.Entry e = entry(name);
        MemorySegment all = MemorySegment.ofBuffer(bytes);
        return new RawTensor(name, e.dtype().dtype, e.shape(),
                all.asSlice(base + e.begin(), e.end() - e.begin()).asReadOnly());
    }

    private Safetensors.Entry entry(String name) {
        Safetensors.Entry e = entries.get(name);
        if (e == null) {
            throw Safetensors.bad(file, "has no tensor '" + name + "'");
        }
        return e;
    }
}
