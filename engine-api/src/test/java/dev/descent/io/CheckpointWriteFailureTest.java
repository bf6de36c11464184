package dev.descent.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.descent.backend.Backend;
import dev.descent.optim.Adam;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerCheckpoint;
import dev.descent.optim.Parameter;
import dev.descent.reference.ReferenceBackend;
import dev.descent.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Saving an optimizer checkpoint where the disk is full or the directory is read-only: one
 * {@link UncheckedIOException} whose one line names the file, the failing operation and the cause
 * (disk full, permission denied); the previous checkpoint stays byte for byte and still restores; no
 * temporary file is left; the optimizer keeps working. And a checkpoint gets the permissions of any
 * new file, not a temporary file's owner-only ones.
 */
class CheckpointWriteFailureTest {
    private final Backend backend = new ReferenceBackend();

    @TempDir
    Path dir;

    /** An Adam run of three parameters. */
    private final class Run implements AutoCloseable {
        final Tensor w = backend.fromArray("w", new float[] {1, -2, 0.5f});
        final Tensor g = backend.fromArray("g", new float[] {0.3f, -0.1f, 0.7f});
        final Optimizer optimizer = Optimizer.of(backend, Adam.defaults(), new Parameter(w, g));

        @Override
        public void close() {
            optimizer.close();
            w.close();
            g.close();
        }
    }

    @Test
    void aDiskFullDuringTheWriteKeepsThePreviousCheckpoint() throws IOException {
        Path target = dir.resolve("run.ckpt");
        try (Run run = new Run()) {
            byte[] previous = savedAfterOneStep(run, target);
            run.optimizer.save(dir.resolve("next.ckpt")); // the bytes the failing write would have written
            byte[] next = Files.readAllBytes(dir.resolve("next.ckpt"));
            Files.delete(dir.resolve("next.ckpt"));
            for (AtomicFile.Stage stage : List.of(AtomicFile.Stage.WRITE, AtomicFile.Stage.FORCE)) {
                UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> AtomicFile.write(target,
                        out -> out.write(ByteBuffer.wrap(next)), AtomicFileTest.failing(stage, next.length / 2)));
                String expected = stage == AtomicFile.Stage.WRITE
                        ? "write failed (injected: disk full after " + next.length / 2 + " bytes)"
                        : "flush to disk failed (injected at FORCE)";
                assertEquals("cannot write " + target + ": " + expected + "; the previous file is unchanged",
                        e.getMessage());
                assertUnchanged(target, previous);
            }
            run.optimizer.step(); // still usable, and the next save works
            run.optimizer.save(target);
            assertEquals(3, OptimizerCheckpoint.read(target).stepCount());
        }
    }

    @Test
    void aPermissionErrorIsNamedAndKeepsThePreviousCheckpoint() throws IOException {
        Path target = dir.resolve("run.ckpt");
        try (Run run = new Run()) {
            byte[] previous = savedAfterOneStep(run, target);
            AtomicFile.FileOps denied = new AtomicFile.FileOps() { // what the OS throws for a read-only directory
                @Override
                public Path createTemp(Path d, String prefix) throws IOException {
                    throw new AccessDeniedException(d.resolve(prefix + "x.tmp").toString());
                }

                @Override
                public AtomicFile.Output open(Path temp) throws IOException {
                    return AtomicFile.SYSTEM.open(temp);
                }

                @Override
                public void rename(Path temp, Path t) throws IOException {
                    AtomicFile.SYSTEM.rename(temp, t);
                }

                @Override
                public void syncDirectory(Path d) throws IOException {
                    AtomicFile.SYSTEM.syncDirectory(d);
                }
            };
            UncheckedIOException e = assertThrows(UncheckedIOException.class,
                    () -> AtomicFile.write(target, out -> out.write(ByteBuffer.wrap(new byte[8])), denied));
            assertEquals("cannot write " + target + ": create a temporary file failed (permission denied: "
                    + dir.resolve(".run.ckpt.x.tmp") + "); the previous file is unchanged", e.getMessage());
            assertUnchanged(target, previous);
        }
    }

    /**
     * A real read-only directory. The superuser writes into one regardless (then the test is skipped:
     * the injected {@code AccessDeniedException} above stands in for it).
     */
    @Test
    void aReadOnlyDirectoryKeepsThePreviousCheckpoint() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Path target = dir.resolve("run.ckpt");
        try (Run run = new Run()) {
            byte[] previous = savedAfterOneStep(run, target);
            Set<PosixFilePermission> writable = Files.getPosixFilePermissions(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
            try {
                assumeTrue(!Files.isWritable(dir), "the superuser writes into read-only directories");
                UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> run.optimizer.save(target));
                assertTrue(e.getMessage().startsWith("cannot write " + target + ": create a temporary file failed"
                        + " (permission denied: "), e.getMessage());
                assertTrue(e.getMessage().endsWith("); the previous file is unchanged"), e.getMessage());
            } finally {
                Files.setPosixFilePermissions(dir, writable);
            }
            assertUnchanged(target, previous);
        }
    }

    @Test
    void aCheckpointHasTheUmasksPermissionsNotATemporaryFilesOwnerOnlyOnes() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Path plain = Files.createFile(dir.resolve("plain"));
        Path target = dir.resolve("run.ckpt");
        try (Run run = new Run()) {
            run.optimizer.save(target);
        }
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(target));
    }

    /**
     * Steps {@code run} once, saves it to {@code target} and steps it again (the state a failed save
     * would have written); the bytes saved.
     */
    private static byte[] savedAfterOneStep(Run run, Path target) throws IOException {
        run.optimizer.step();
        run.optimizer.save(target);
        byte[] saved = Files.readAllBytes(target);
        run.optimizer.step();
        return saved;
    }

    /** {@code target} is {@code previous} byte for byte, restores into a fresh optimizer, and is alone. */
    private void assertUnchanged(Path target, byte[] previous) throws IOException {
        assertArrayEquals(previous, Files.readAllBytes(target));
        try (Run fresh = new Run()) {
            fresh.optimizer.load(target);
            assertEquals(1, fresh.optimizer.stepCount());
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<String> names = s.map(p -> p.getFileName().toString()).filter(n -> !n.equals("plain")).toList();
            assertEquals(List.of("run.ckpt"), names, "no temporary file left");
        }
    }
}
