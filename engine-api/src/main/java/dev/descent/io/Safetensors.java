package dev.descent.io;

import dev.descent.tensor.DType;
import dev.descent.tensor.HalfFloats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes weights in the safetensors format (Hugging Face, github.com/huggingface/safetensors,
 * "Format"): an 8-byte little-endian header length {@code N}, {@code N} bytes of a UTF-8 JSON object
 * {@code {name: {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {...}}}, then the
 * data: each tensor's values row-major, little-endian, at its byte offsets counted from the end of
 * the header. The tensors tile the data exactly (no gap, no overlap, nothing after the last one), as
 * the safetensors library requires.
 *
 * <p>Written: {@code F32} ({@link #write(Path, List)}), or each tensor's own dtype, {@code F32},
 * {@code F64}, {@code F16} or {@code BF16} ({@link #write(Path, List, DType)} and the raw writer), the
 * tensors in the order given, the header padded with spaces to a
 * multiple of 8 bytes (as the safetensors library does). Read: {@code F32}, {@code F64}, {@code F16}
 * and {@code BF16}, each value rounded to the nearest float. Every malformed file — a header length
 * past the end of the file, JSON that is not a header, an unsupported dtype, offsets that do not fit
 * the shape or the data, a truncated file — is an {@link IllegalArgumentException} with a one-line
 * message naming the file and, where there is one, the tensor. Values are allocated only after
 * their offsets are checked against the bytes present, so a lying header cannot make the reader
 * allocate more than the file holds.
 *
 * <p>{@link #readFile} also gives the {@code __metadata__} strings and each {@code F32} tensor's bytes
 * as stored; {@link #write(WritableByteChannel, Map, List)} writes metadata and tensors given as raw
 * bytes (from a device tensor's {@code copyTo(MemorySegment)}, without a conversion) to a
 * channel, as {@link AtomicFile} needs.
 */
public final class Safetensors {
    /** The safetensors library's limit on the header's size (100 MB). */
    static final long MAX_HEADER = 100_000_000L;
    /** The header's key of the string-to-string metadata. */
    public static final String METADATA = "__metadata__";

    private Safetensors() {
    }

    /**
     * Every tensor of {@code file}, in the order of their data.
     *
     * @throws IllegalArgumentException naming the file (and the tensor) when the file is malformed
     * @throws UncheckedIOException when the file cannot be read
     */
    public static List<NamedTensor> read(Path file) {
        return readFile(file).tensors();
    }

    /**
     * The whole of {@code file}: its metadata and its tensors, checked as {@link #read} checks them.
     *
     * @throws IllegalArgumentException naming the file (and the tensor) when the file is malformed
     * @throws UncheckedIOException when the file cannot be read
     */
    public static SafetensorsFile readFile(Path file) {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > Integer.MAX_VALUE - 8) {
                throw bad(file, "is " + size + " bytes, more than the " + (Integer.MAX_VALUE - 8) + " read here");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return parse(file, bytes);
    }

    /**
     * The tensors of {@code file} named {@code names} with {@code shapes}, concatenated in that order
     * into one flat vector (each tensor row-major): the layout of a network's parameters.
     *
     * @throws IllegalArgumentException naming the file and the tensor when a name is missing or extra,
     *     a shape differs, or the file is malformed
     */
    public static float[] readFlat(Path file, List<String> names, List<int[]> shapes) {
        checkLayout(names, shapes, -1);
        Map<String, NamedTensor> byName = new LinkedHashMap<>();
        for (NamedTensor t : read(file)) {
            byName.put(t.name(), t);
        }
        Set<String> extra = new LinkedHashSet<>(byName.keySet());
        names.forEach(extra::remove);
        if (!extra.isEmpty()) {
            throw bad(file, "tensor '" + extra.iterator().next() + "' is not a parameter of the network (its"
                    + " parameters: " + String.join(", ", names) + ")");
        }
        long total = 0;
        for (int k = 0; k < names.size(); k++) {
            NamedTensor t = byName.get(names.get(k));
            if (t == null) {
                throw bad(file, "has no tensor '" + names.get(k) + "' (shape " + Arrays.toString(shapes.get(k))
                        + "); the network's parameters: " + String.join(", ", names));
            }
            if (!Arrays.equals(t.shape(), shapes.get(k))) {
                throw bad(file, "tensor '" + t.name() + "' has shape " + Arrays.toString(t.shape()) + ", the network"
                        + " needs " + Arrays.toString(shapes.get(k)));
            }
            total += t.values().length;
        }
        float[] flat = new float[Math.toIntExact(total)];
        int at = 0;
        for (String name : names) {
            float[] v = byName.get(name).values();
            System.arraycopy(v, 0, flat, at, v.length);
            at += v.length;
        }
        return flat;
    }

    /**
     * Writes {@code tensors} as {@code F32} to {@code file}, in the order given, with the metadata
     * {@code {"format": "pt"}} that torch's {@code save_file} writes; atomically ({@link AtomicFile}).
     *
     * @throws IllegalArgumentException when two tensors share a name or a name is {@code __metadata__}
     * @throws UncheckedIOException when the file cannot be written; a previous file is then unchanged
     */
    public static void write(Path file, List<NamedTensor> tensors) {
        write(file, tensors, DType.FLOAT32);
    }

    /**
     * Writes {@code tensors} to {@code file} as {@code dtype} ({@code F32}, {@code F64}, {@code F16} for
     * float16, {@code BF16} for bfloat16; each value rounded to nearest even, {@link RawTensor#of(NamedTensor,
     * DType)}), in the order given, with the metadata {@code {"format": "pt"}}; atomically ({@link AtomicFile}).
     *
     * @throws IllegalArgumentException when two tensors share a name or a name is {@code __metadata__}
     * @throws UncheckedIOException when the file cannot be written; a previous file is then unchanged
     */
    public static void write(Path file, List<NamedTensor> tensors, DType dtype) {
        List<RawTensor> raw = new ArrayList<>(tensors.size());
        for (NamedTensor t : tensors) {
            raw.add(RawTensor.of(t, dtype));
        }
        AtomicFile.write(file, out -> write(out, Map.of("format", "pt"), raw));
    }

    /**
     * Writes a safetensors file to {@code out}: the header ({@code metadata} as {@code __metadata__},
     * then the tensors' entries, padded with spaces to a multiple of 8 bytes) and each tensor's bytes as
     * given, in the order given.
     *
     * @throws IllegalArgumentException when two tensors share a name or a name is {@code __metadata__}
     * @throws IOException when {@code out} fails
     */
    public static void write(WritableByteChannel out, Map<String, String> metadata, List<RawTensor> tensors)
            throws IOException {
        StringBuilder header = new StringBuilder("{\"" + METADATA + "\":");
        HeaderJson.write(header, metadata);
        Set<String> seen = new LinkedHashSet<>();
        long offset = 0;
        for (RawTensor t : tensors) {
            if (t.name().equals(METADATA) || !seen.add(t.name())) {
                throw new IllegalArgumentException("cannot write tensor name '" + t.name() + "' (reserved or repeated)");
            }
            long end = offset + t.data().byteSize();
            header.append(',');
            HeaderJson.write(header, t.name());
            header.append(":{\"dtype\":\"").append(Stored.of(t.dtype())).append("\",\"shape\":[");
            for (int d = 0; d < t.shape().length; d++) {
                header.append(d == 0 ? "" : ",").append(t.shape()[d]);
            }
            header.append("],\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
            offset = end;
        }
        header.append('}');
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        writeFully(out, head.flip());
        for (RawTensor t : tensors) {
            writeFully(out, t.data().asByteBuffer());
        }
    }

    private static void writeFully(WritableByteChannel out, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            out.write(b);
        }
    }

    /**
     * Writes the flat vector {@code flat} (the tensors {@code names} of {@code shapes}, concatenated
     * row-major in that order) to {@code file} as {@code F32}.
     */
    public static void writeFlat(Path file, List<String> names, List<int[]> shapes, float[] flat) {
        checkLayout(names, shapes, flat.length);
        List<NamedTensor> tensors = new ArrayList<>();
        int at = 0;
        for (int k = 0; k < names.size(); k++) {
            int n = (int) NamedTensor.elements(shapes.get(k));
            tensors.add(new NamedTensor(names.get(k), shapes.get(k), Arrays.copyOfRange(flat, at, at + n)));
            at += n;
        }
        write(file, tensors);
    }

    private static void checkLayout(List<String> names, List<int[]> shapes, int flatLength) {
        if (names.size() != shapes.size()) {
            throw new IllegalArgumentException(names.size() + " names but " + shapes.size() + " shapes");
        }
        long total = 0;
        for (int[] s : shapes) {
            long n = NamedTensor.elements(s);
            if (n < 0) {
                throw new IllegalArgumentException("invalid shape " + Arrays.toString(s));
            }
            total += n;
        }
        if (flatLength >= 0 && total != flatLength) {
            throw new IllegalArgumentException("the shapes hold " + total + " values, the vector has " + flatLength);
        }
    }

    /** The safetensors name of {@code dtype}: {@code F32}, {@code F64}, {@code F16} (float16), {@code BF16} (bfloat16). */
    public static String dtypeName(DType dtype) {
        return Stored.of(dtype).name();
    }

    /** The data type of stored values: its safetensors name, bytes per value and tensor dtype. */
    enum Stored {
        F32(DType.FLOAT32), F64(DType.FLOAT64), F16(DType.FLOAT16), BF16(DType.BFLOAT16);

        final int bytes;
        final DType dtype;

        Stored(DType dtype) {
            this.bytes = dtype.byteSize();
            this.dtype = dtype;
        }

        /** The stored type of a tensor's {@code dtype}. */
        static Stored of(DType dtype) {
            for (Stored s : values()) {
                if (s.dtype == dtype) {
                    return s;
                }
            }
            throw new IllegalArgumentException("no safetensors dtype for " + dtype.label());
        }

        float get(ByteBuffer b, int at) {
            return switch (this) {
                case F32 -> b.getFloat(at);
                case F64 -> (float) b.getDouble(at);
                case F16 -> HalfFloats.fromFloat16(b.getShort(at));
                case BF16 -> HalfFloats.fromBfloat16(b.getShort(at));
            };
        }
    }

    /** One header entry, checked against the data before anything is allocated for it. */
    record Entry(String name, Stored dtype, int[] shape, long begin, long end) {
    }

    /** The file {@code bytes} hold, {@code file} naming it in messages. */
    static SafetensorsFile parse(Path file, byte[] bytes) {
        if (bytes.length < 8) {
            throw bad(file, "truncated: " + bytes.length + " bytes, fewer than the 8 of the header length");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = b.getLong(0);
        if (n < 0 || n > bytes.length - 8L) {
            throw bad(file, "truncated: the header length is " + Long.toUnsignedString(n) + " bytes, only "
                    + (bytes.length - 8) + " follow");
        }
        if (n > MAX_HEADER) {
            throw bad(file, "header of " + n + " bytes is larger than safetensors allows (" + MAX_HEADER + ")");
        }
        String json;
        try {
            json = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 8, (int) n))
                    .toString();
        } catch (CharacterCodingException e) {
            throw bad(file, "the header is not UTF-8 text");
        }
        Object root;
        try {
            root = HeaderJson.parse(json);
        } catch (IllegalArgumentException e) {
            throw bad(file, e.getMessage());
        }
        if (!(root instanceof Map<?, ?> fields)) {
            throw bad(file, "the header is not a JSON object");
        }
        long dataLength = bytes.length - 8 - n;
        List<Entry> entries = new ArrayList<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<?, ?> f : fields.entrySet()) {
            String name = (String) f.getKey();
            if (name.equals(METADATA)) {
                if (!(f.getValue() instanceof Map<?, ?> meta) || !meta.values().stream().allMatch(String.class::isInstance)) {
                    throw bad(file, METADATA + " must be an object of strings");
                }
                meta.forEach((k, v) -> metadata.put((String) k, (String) v));
                continue;
            }
            entries.add(entry(file, name, f.getValue(), dataLength));
        }
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expected = 0;
        for (Entry e : entries) {
            if (e.begin() != expected) {
                throw bad(file, "tensor '" + e.name() + "' starts at data byte " + e.begin() + ", expected " + expected
                        + (e.begin() < expected ? " (it overlaps the tensor before it)" : " (a gap before it)"));
            }
            expected = e.end();
        }
        if (expected != dataLength) {
            throw bad(file, dataLength - expected + " bytes after the last tensor's data");
        }
        return new SafetensorsFile(file, metadata, entries, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN),
                Math.toIntExact(8 + n));
    }

    private static Entry entry(Path file, String name, Object value, long dataLength) {
        String tensor = "tensor '" + name + "'";
        if (!(value instanceof Map<?, ?> info)) {
            throw bad(file, tensor + ": its header entry is not an object");
        }
        if (!(info.get("dtype") instanceof String dtypeName)) {
            throw bad(file, tensor + ": no dtype");
        }
        Stored dtype;
        try {
            dtype = Stored.valueOf(dtypeName);
        } catch (IllegalArgumentException e) {
            throw bad(file, tensor + " has dtype " + dtypeName + "; only F32, F64, F16 and BF16 are read");
        }
        if (!(info.get("shape") instanceof List<?> dims)) {
            throw bad(file, tensor + ": no shape (a list of dimensions)");
        }
        int[] shape = new int[dims.size()];
        for (int d = 0; d < shape.length; d++) {
            if (!(dims.get(d) instanceof Long v) || v < 0 || v > Integer.MAX_VALUE) {
                throw bad(file, tensor + ": dimension " + d + " of its shape, " + dims.get(d)
                        + ", is not an integer 0 … " + Integer.MAX_VALUE);
            }
            shape[d] = (int) (long) v;
        }
        if (!(info.get("data_offsets") instanceof List<?> offsets) || offsets.size() != 2
                || !(offsets.get(0) instanceof Long begin) || !(offsets.get(1) instanceof Long end)) {
            throw bad(file, tensor + ": data_offsets must be two integers [begin, end]");
        }
        if (begin < 0 || end < begin) {
            throw bad(file, tensor + ": data_offsets [" + begin + ", " + end + "] are not 0 ≤ begin ≤ end");
        }
        if (end > dataLength) {
            throw bad(file, "truncated: " + tensor + " ends at data byte " + end + ", the file holds " + dataLength);
        }
        long elements = NamedTensor.elements(shape);
        if (elements < 0 || elements > (end - begin) / dtype.bytes || elements * dtype.bytes != end - begin) {
            throw bad(file, tensor + ": data_offsets [" + begin + ", " + end + "] hold " + (end - begin)
                    + " bytes, its shape " + Arrays.toString(shape) + " of " + dtype + " needs "
                    + (elements < 0 ? "more than a long counts" : Long.toString(elements * dtype.bytes)));
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    static IllegalArgumentException bad(Path file, String problem) {
        return new IllegalArgumentException(file + ": " + problem.replaceAll("\\p{Cntrl}", "?")); // one line
    }
}
