package dev.descent.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link AtomicFile} with a fault injected at every stage of the write — creating the temporary file,
 * the channel failing after 0, some or almost all bytes, the flush, the close, the rename, the
 * directory's flush: before the rename the previous file stays byte for byte as it was and readable,
 * and no temporary file is left; after it (the directory's flush) the new file is whole. Without a
 * fault the new file replaces the old one.
 */
class AtomicFileTest {
    @TempDir
    Path dir;

    private static final Map<String, String> META = Map.of("epoch", "1");

    private static List<RawTensor> tensors(float scale) {
        List<RawTensor> out = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            float[] v = new float[1000];
            for (int i = 0; i < v.length; i++) {
                v[i] = scale * (i - k);
            }
            out.add(RawTensor.of(new NamedTensor("t" + k, new int[] {10, 100}, v)));
        }
        return out;
    }

    private static AtomicFile.Contents contents(float scale) {
        return out -> Safetensors.write(out, META, tensors(scale));
    }

    /** The real operations, failing at {@code stage} (at the write: after {@code failAfter} bytes). */
    static AtomicFile.FileOps failing(AtomicFile.Stage stage, long failAfter) {
        AtomicFile.FileOps real = AtomicFile.SYSTEM;
        return new AtomicFile.FileOps() {
            @Override
            public Path createTemp(Path dir, String prefix) throws IOException {
                fail(AtomicFile.Stage.CREATE_TEMP);
                return real.createTemp(dir, prefix);
            }

            @Override
            public AtomicFile.Output open(Path temp) throws IOException {
                AtomicFile.Output out = real.open(temp);
                return new AtomicFile.Output() {
                    long written;

                    @Override
                    public int write(ByteBuffer src) throws IOException {
                        if (stage == AtomicFile.Stage.WRITE && written + src.remaining() > failAfter) {
                            ByteBuffer part = src.slice().limit((int) (failAfter - written));
                            written += out.write(part);
                            throw new IOException("injected: disk full after " + written + " bytes");
                        }
                        int n = out.write(src);
                        written += n;
                        return n;
                    }

                    @Override
                    public void force() throws IOException {
                        fail(AtomicFile.Stage.FORCE);
                        out.force();
                    }

                    @Override
                    public boolean isOpen() {
                        return out.isOpen();
                    }

                    @Override
                    public void close() throws IOException {
                        out.close();
                        fail(AtomicFile.Stage.CLOSE);
                    }
                };
            }

            @Override
            public void rename(Path temp, Path target) throws IOException {
                fail(AtomicFile.Stage.RENAME);
                real.rename(temp, target);
            }

            @Override
            public void syncDirectory(Path d) throws IOException {
                fail(AtomicFile.Stage.SYNC_DIRECTORY);
                real.syncDirectory(d);
            }

            private void fail(AtomicFile.Stage at) throws IOException {
                if (at == stage) {
                    throw new IOException("injected at " + at);
                }
            }
        };
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @ParameterizedTest
    @EnumSource(AtomicFile.Stage.class)
    void aFaultAtAnyStageLeavesTheOldFileOrTheWholeNewOne(AtomicFile.Stage stage) throws IOException {
        Path target = dir.resolve("run.ckpt");
        AtomicFile.write(target, contents(1));
        byte[] old = Files.readAllBytes(target);
        long size = old.length;
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> AtomicFile.write(target, contents(2), failing(stage, size / 2)));
        assertTrue(e.getMessage().startsWith("cannot write " + target + ": " + stage.doing + " failed (injected"),
                e.getMessage());
        assertEquals(List.of(target), files(), "no temporary file left");
        if (stage == AtomicFile.Stage.SYNC_DIRECTORY) {
            assertTrue(e.getMessage().endsWith("the new file is in place but may not survive a crash"), e.getMessage());
            assertArrayEquals(tensors(2).get(2).toFloatArray(), Safetensors.readFile(target).tensor("t2").values());
        } else {
            assertTrue(e.getMessage().endsWith("the previous file is unchanged"), e.getMessage());
            assertArrayEquals(old, Files.readAllBytes(target));
            assertEquals(META, Safetensors.readFile(target).metadata());
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 7, 100, 8_000, 12_000})
    void aWriteCutShortAnywhereLeavesTheOldFile(long failAfter) throws IOException {
        Path target = dir.resolve("run.ckpt");
        AtomicFile.write(target, contents(1));
        byte[] old = Files.readAllBytes(target);
        assertTrue(failAfter < old.length, "the cut falls inside the " + old.length + " bytes");
        assertThrows(UncheckedIOException.class,
                () -> AtomicFile.write(target, contents(2), failing(AtomicFile.Stage.WRITE, failAfter)));
        assertArrayEquals(old, Files.readAllBytes(target));
        assertEquals(List.of(target), files());
    }

    @Test
    void withoutAFaultTheNewFileReplacesTheOld() throws IOException {
        Path target = dir.resolve("run.ckpt");
        AtomicFile.write(target, contents(1));
        AtomicFile.write(target, contents(3));
        assertArrayEquals(tensors(3).get(1).toFloatArray(), Safetensors.readFile(target).tensor("t1").values());
        assertEquals(List.of(target), files());
    }

    @Test
    void anErrorOfTheContentsLeavesTheOldFile() throws IOException {
        Path target = dir.resolve("run.ckpt");
        AtomicFile.write(target, contents(1));
        byte[] old = Files.readAllBytes(target);
        assertThrows(IllegalArgumentException.class, () -> AtomicFile.write(target, out -> {
            out.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            throw new IllegalArgumentException("a tensor name is repeated");
        }));
        assertArrayEquals(old, Files.readAllBytes(target));
        assertEquals(List.of(target), files());
    }
}
