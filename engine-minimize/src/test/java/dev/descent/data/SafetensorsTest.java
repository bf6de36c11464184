package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.io.NamedTensor;
import dev.descent.io.Safetensors;
import dev.descent.tensor.DType;
import dev.descent.tensor.HalfFloats;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Safetensors}: the byte layout written, the four dtypes read, torch's names and shapes checked
 * against a network's, and one line naming the file and the tensor for each kind of bad file.
 */
class SafetensorsTest {
    /** A 3-2-1 network's parameters, as torch's state_dict names and shapes them. */
    static final List<String> NAMES = List.of("0.weight", "0.bias", "2.weight", "2.bias");
    static final List<int[]> SHAPES = List.of(new int[] {2, 3}, new int[] {2}, new int[] {1, 2}, new int[] {1});
    static final float[] FLAT = {1, -2, 3.5f, 0.25f, -0f, 1e-30f, 7, 8, -9.5f, 10, 11};

    @TempDir
    Path dir;

    /** A safetensors file: the length, {@code header} (unpadded) and {@code data}. */
    static byte[] file(String header, byte[] data) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(json.length).put(json).put(data).array();
    }

    static byte[] littleEndian(int bytesPerValue, long... values) {
        ByteBuffer b = ByteBuffer.allocate(bytesPerValue * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            switch (bytesPerValue) {
                case 2 -> b.putShort((short) v);
                case 4 -> b.putInt((int) v);
                default -> b.putLong(v);
            }
        }
        return b.array();
    }

    @Test
    void writesF32WithAPaddedHeaderAndReadsItBack() throws IOException {
        Path f = dir.resolve("w.safetensors");
        Safetensors.writeFlat(f, NAMES, SHAPES, FLAT);
        byte[] bytes = Files.readAllBytes(f);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = b.getLong(0);
        assertEquals(0, n % 8, "header padded to 8 bytes");
        assertEquals(8 + n + 4L * FLAT.length, bytes.length);
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{\"__metadata__\":{\"format\":\"pt\"},\"0.weight\":{\"dtype\":\"F32\",\"shape\":[2,3],"
                + "\"data_offsets\":[0,24]},\"0.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[24,32]}"), header);
        assertEquals(header.strip(), header.substring(0, header.strip().length()), "padding is trailing spaces");
        assertEquals(-9.5f, b.getFloat((int) (8 + n + 4 * 8)), "values little-endian, row-major, in order");
        assertArrayEquals(FLAT, Safetensors.readFlat(f, NAMES, SHAPES));
        List<NamedTensor> all = Safetensors.read(f);
        assertEquals(NAMES, all.stream().map(NamedTensor::name).toList());
        assertArrayEquals(new int[] {1, 2}, all.get(2).shape());
    }

    @Test
    void writesBf16AndF16RoundingToNearestEvenAndReadsThemBackExactly() throws IOException {
        List<NamedTensor> tensors = List.of(new NamedTensor("w", new int[] {2, 2}, new float[] {1, 1.00390625f,
                -65520f, Float.NaN}));
        for (DType dtype : new DType[] {DType.BFLOAT16, DType.FLOAT16}) {
            Path f = dir.resolve(dtype.label() + ".safetensors");
            Safetensors.write(f, tensors, dtype);
            byte[] bytes = Files.readAllBytes(f);
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            long n = b.getLong(0);
            String name = dtype == DType.BFLOAT16 ? "BF16" : "F16";
            assertTrue(new String(bytes, 8, (int) n, StandardCharsets.UTF_8).startsWith("{\"__metadata__\":{\"format\":"
                    + "\"pt\"},\"w\":{\"dtype\":\"" + name + "\",\"shape\":[2,2],\"data_offsets\":[0,8]}"), name);
            assertEquals(8 + n + 8, bytes.length, "two bytes a value");
            for (int i = 0; i < 4; i++) {
                assertEquals(HalfFloats.narrow(dtype, tensors.get(0).values()[i]), b.getShort((int) (8 + n + 2 * i)),
                        name + " value " + i + " rounded to nearest even");
            }
            float[] back = Safetensors.read(f).get(0).values();
            float[] expected = dtype == DType.BFLOAT16 ? new float[] {1, 1, -65536f, Float.NaN}
                    : new float[] {1, 1.00390625f, Float.NEGATIVE_INFINITY, Float.NaN};
            assertArrayEquals(expected, back, name);
            assertEquals(name, Safetensors.readFile(f).dtype("w"));
            assertEquals(dtype, Safetensors.readFile(f).raw("w").dtype());
        }
    }

    @Test
    void readsF64F16AndBf16InAnyHeaderOrder() throws IOException {
        // data order: 2.bias (BF16), 0.bias (F16), 2.weight (F64), 0.weight (F32); the header lists them otherwise
        String header = "{\"0.weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[28,52]},"
                + "\"__metadata__\":{\"format\":\"pt\"},"
                + "\"2.weight\":{\"dtype\":\"F64\",\"shape\":[1,2],\"data_offsets\":[12,28]},"
                + "\"0.bias\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[2,6]},"
                + "\"2.bias\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[0,2]}}";
        ByteBuffer data = ByteBuffer.allocate(52).order(ByteOrder.LITTLE_ENDIAN);
        data.putShort((short) 0x4049); // BF16 3.140625
        data.putShort((short) 0x3C00).putShort((short) 0xC000); // F16 1.0, -2.0
        data.position(12).putDouble(0.1).putDouble(-1e300); // F64 0.1 → nearest float; -1e300 → -∞
        data.position(28);
        for (float v : new float[] {1, 2, 3, 4, 5, 6}) {
            data.putFloat(v);
        }
        // 6 bytes between the F16 and the F64 data: not tiled
        IllegalArgumentException gap = assertThrows(IllegalArgumentException.class,
                () -> Safetensors.read(Files.write(dir.resolve("g"), file(header, data.array()))));
        assertTrue(gap.getMessage().contains("tensor '2.weight' starts at data byte 12, expected 6 (a gap before it)"),
                gap.getMessage());
        String tiled = header.replace("[12,28]", "[6,22]").replace("[28,52]", "[22,46]");
        byte[] packed = new byte[46];
        System.arraycopy(data.array(), 0, packed, 0, 6);
        System.arraycopy(data.array(), 12, packed, 6, 40);
        Path f = Files.write(dir.resolve("mixed.safetensors"), file(tiled, packed));
        float[] flat = Safetensors.readFlat(f, NAMES, SHAPES);
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 1, -2, 0.1f, Float.NEGATIVE_INFINITY, 3.140625f}, flat);
    }

    private void rejected(byte[] bytes, String expected) throws IOException {
        Path f = Files.write(dir.resolve("bad.safetensors"), bytes);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Safetensors.readFlat(f, NAMES, SHAPES));
        assertEquals(f + ": " + expected, e.getMessage());
    }

    private static String entry(String name, String dtype, String shape, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin + ","
                + end + "]}";
    }

    private static String valid(String replaceFrom, String replaceTo) {
        String h = "{" + entry("0.weight", "F32", "[2,3]", 0, 24) + "," + entry("0.bias", "F32", "[2]", 24, 32) + ","
                + entry("2.weight", "F32", "[1,2]", 32, 40) + "," + entry("2.bias", "F32", "[1]", 40, 44) + "}";
        return h.replace(replaceFrom, replaceTo);
    }

    @Test
    void namesShapesAndDtypesThatDoNotFitTheNetworkNameTheTensor() throws IOException {
        byte[] data = new byte[44];
        rejected(file(valid("\"2.bias\"", "\"3.bias\""), data),
                "tensor '3.bias' is not a parameter of the network (its parameters: 0.weight, 0.bias, 2.weight, 2.bias)");
        rejected(file(valid(",\"2.bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[40,44]}", ""),
                new byte[40]), "has no tensor '2.bias' (shape [1]); the network's parameters: 0.weight, 0.bias,"
                + " 2.weight, 2.bias");
        rejected(file(valid("[2,3]", "[3,2]"), data), "tensor '0.weight' has shape [3, 2], the network needs [2, 3]");
        rejected(file(valid("\"dtype\":\"F32\",\"shape\":[1]", "\"dtype\":\"I32\",\"shape\":[1]"), data),
                "tensor '2.bias' has dtype I32; only F32, F64, F16 and BF16 are read");
    }

    @Test
    void badOffsetsAndTruncationsNameTheTensor() throws IOException {
        byte[] data = new byte[44];
        rejected(file(valid("[24,32]", "[24,30]"), data),
                "tensor '0.bias': data_offsets [24, 30] hold 6 bytes, its shape [2] of F32 needs 8");
        rejected(file(valid("[32,40]", "[30,38]"), data),
                "tensor '2.weight' starts at data byte 30, expected 32 (it overlaps the tensor before it)");
        rejected(file(valid("[40,44]", "[44,40]"), data), "tensor '2.bias': data_offsets [44, 40] are not 0 ≤ begin ≤ end");
        rejected(file(valid("", ""), new byte[43]), "truncated: tensor '2.bias' ends at data byte 44, the file holds 43");
        rejected(file(valid("", ""), new byte[48]), "4 bytes after the last tensor's data");
        rejected(file(valid("[40,44]", "[40,\"x\"]"), data), "tensor '2.bias': data_offsets must be two integers [begin, end]");
        rejected(file(valid("[1]", "[-1]"), data), "tensor '2.bias': dimension 0 of its shape, -1, is not an integer 0 … "
                + Integer.MAX_VALUE);
        rejected(new byte[] {1, 2, 3}, "truncated: 3 bytes, fewer than the 8 of the header length");
        byte[] lying = file(valid("", ""), data);
        lying[5] = 0x10; // a header length of terabytes
        rejected(lying, "truncated: the header length is " + ByteBuffer.wrap(lying, 0, 8).order(ByteOrder.LITTLE_ENDIAN)
                .getLong() + " bytes, only " + (lying.length - 8) + " follow");
        rejected(file("{\"a\":1,}", new byte[0]), "malformed JSON header at character 7: expected a key in quotes");
        rejected(file("[1,2]", new byte[0]), "the header is not a JSON object");
        rejected(file("{\"a\":1,\"a\":2}", new byte[0]), "malformed JSON header at character 12: key 'a' appears twice");
        rejected(file("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}} x", new byte[8]),
                "malformed JSON header at character 55: text after the JSON value");
    }

    /**
     * Headers claiming 2^60 bytes — as the header length, as a tensor's data offsets, as a shape — are
     * rejected by the checks of the header against the bytes present, before anything is allocated:
     * an allocation of that size would be an {@link OutOfMemoryError}, not the one line expected, and the
     * whole read must end within a second (it takes milliseconds; the limit only catches a reader that
     * would loop over, or allocate for, the claimed size).
     */
    @Test
    void headersClaimingTwoToTheSixtyBytesFailFast() throws IOException {
        long huge = 1L << 60;
        byte[] lying = file(valid("", ""), new byte[44]);
        ByteBuffer.wrap(lying).order(ByteOrder.LITTLE_ENDIAN).putLong(0, huge);
        assertTimeoutPreemptively(Duration.ofSeconds(1), () -> rejected(lying, "truncated: the header length is " + huge
                + " bytes, only " + (lying.length - 8) + " follow"));
        String offsets = "{" + entry("big", "F32", "[268435456,1073741824]", 0, huge) + "}"; // 2^58 floats, 2^60 bytes
        assertTimeoutPreemptively(Duration.ofSeconds(1), () -> rejected(file(offsets, new byte[16]),
                "truncated: tensor 'big' ends at data byte " + huge + ", the file holds 16"));
        String shape = "{" + entry("big", "F32", "[1073741824,1073741824,1073741824]", 0, 16) + "}";
        assertTimeoutPreemptively(Duration.ofSeconds(1), () -> rejected(file(shape, new byte[16]),
                "tensor 'big': data_offsets [0, 16] hold 16 bytes, its shape [1073741824, 1073741824, 1073741824] of"
                        + " F32 needs more than a long counts"));
    }

    @Test
    void theOverlapOfTwoTensorsIsNamed() throws IOException {
        String h = "{" + entry("0.weight", "F32", "[2,3]", 0, 24) + "," + entry("0.bias", "F32", "[2]", 20, 28) + "}";
        Path f = Files.write(dir.resolve("o"), file(h, new byte[28]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Safetensors.read(f));
        assertEquals(f + ": tensor '0.bias' starts at data byte 20, expected 24 (it overlaps the tensor before it)",
                e.getMessage());
    }

    @Test
    void writingRejectsRepeatedOrReservedNames() {
        NamedTensor a = new NamedTensor("a", new int[] {1}, new float[] {1});
        assertThrows(IllegalArgumentException.class, () -> Safetensors.write(dir.resolve("x"), List.of(a, a)));
        assertThrows(IllegalArgumentException.class, () -> Safetensors.write(dir.resolve("x"),
                List.of(new NamedTensor("__metadata__", new int[] {}, new float[] {1}))));
        assertThrows(IllegalArgumentException.class, () -> Safetensors.writeFlat(dir.resolve("x"), NAMES, SHAPES,
                new float[3]));
    }
}
