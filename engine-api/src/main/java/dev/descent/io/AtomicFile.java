package dev.descent.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Locale;

/**
 * Replaces a file atomically: the new contents go to a temporary file in the same directory, which is
 * flushed to the disk ({@link FileChannel#force}), closed, renamed over the target in one atomic step
 * ({@link StandardCopyOption#ATOMIC_MOVE}), after which the directory is flushed too so that the
 * rename survives a crash. Until the rename, the previous file is untouched; if anything fails before
 * it, the temporary file is deleted and the previous file stays whole and readable. The new file has
 * the permissions of any new file (the umask's), not a temporary file's owner-only ones.
 *
 * <p>The temporary file is hidden and named after the target: {@code .NAME.RANDOM.tmp}. A process
 * killed while writing leaves it behind (only the rename makes a file {@code NAME}), so nothing that
 * looks for {@code NAME} ever reads it; such leftovers may be deleted whenever no write is running.
 *
 * <pre>{@code
 * AtomicFile.write(Path.of("run.ckpt"), out -> Safetensors.write(out, metadata, tensors));
 * }</pre>
 */
public final class AtomicFile {

    /** What writes the new contents. */
    @FunctionalInterface
    public interface Contents {
        /** Writes the whole file to {@code out}. */
        void writeTo(WritableByteChannel out) throws IOException;
    }

    /** The stages of a write, each the one file operation a test can make fail. */
    enum Stage {
        CREATE_TEMP("create a temporary file"), WRITE("write"), FORCE("flush to disk"), CLOSE("close"),
        RENAME("rename over the target"), SYNC_DIRECTORY("flush the directory");

        final String doing;

        Stage(String doing) {
            this.doing = doing;
        }
    }

    /** A channel that can be flushed to the disk. */
    interface Output extends WritableByteChannel {
        /** Flushes what was written to the storage device. */
        void force() throws IOException;
    }

    /** The file operations of {@link #write}, one per {@link Stage} (a test injects faults here). */
    interface FileOps {
        Path createTemp(Path dir, String prefix) throws IOException;

        Output open(Path temp) throws IOException;

        void rename(Path temp, Path target) throws IOException;

        void syncDirectory(Path dir) throws IOException;
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    /** The real file system's operations. */
    static final FileOps SYSTEM = new FileOps() {
        @Override
        public Path createTemp(Path dir, String prefix) throws IOException {
            // Not Files.createTempFile, whose owner-only permissions the renamed file would keep: the new
            // file gets the permissions any new file gets (the umask's), as a plain write would give it.
            for (int attempt = 0; ; attempt++) {
                Path temp = dir.resolve(prefix + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp");
                try {
                    return Files.createFile(temp);
                } catch (FileAlreadyExistsException e) {
                    if (attempt == 100) {
                        throw e;
                    }
                }
            }
        }

        @Override
        public Output open(Path temp) throws IOException {
            FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            return new Output() {
                @Override
                public int write(ByteBuffer src) throws IOException {
                    return ch.write(src);
                }

                @Override
                public void force() throws IOException {
                    ch.force(true);
                }

                @Override
                public boolean isOpen() {
                    return ch.isOpen();
                }

                @Override
                public void close() throws IOException {
                    ch.close();
                }
            };
        }

        @Override
        public void rename(Path temp, Path target) throws IOException {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }

        @Override
        public void syncDirectory(Path dir) throws IOException {
            if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
                return; // a directory cannot be opened for flushing there; NTFS journals the rename
            }
            try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
                ch.force(true);
            }
        }
    };

    private AtomicFile() {
    }

    /**
     * Replaces {@code target} (or creates it) with what {@code contents} writes, atomically.
     *
     * @throws UncheckedIOException naming the target and the stage that failed; when it failed before
     *     the rename, the previous file is as it was and no temporary file is left
     */
    public static void write(Path target, Contents contents) {
        write(target, contents, SYSTEM);
    }

    static void write(Path target, Contents contents, FileOps ops) {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Path temp = null;
        Stage stage = Stage.CREATE_TEMP;
        try {
            temp = ops.createTemp(dir, "." + absolute.getFileName() + ".");
            stage = Stage.WRITE;
            try (Output out = ops.open(temp)) {
                contents.writeTo(out);
                stage = Stage.FORCE;
                out.force();
                stage = Stage.CLOSE;
            }
            stage = Stage.RENAME;
            ops.rename(temp, absolute);
            temp = null;
            stage = Stage.SYNC_DIRECTORY;
            ops.syncDirectory(dir);
        } catch (AtomicMoveNotSupportedException e) {
            throw failed(target, stage, "the file system cannot rename atomically", e, temp);
        } catch (IOException e) {
            throw failed(target, stage, why(e), e, temp);
        } catch (RuntimeException | Error e) {
            deleteQuietly(temp);
            throw e;
        }
    }

    private static UncheckedIOException failed(Path target, Stage stage, String why, IOException e, Path temp) {
        deleteQuietly(temp);
        String state = stage == Stage.SYNC_DIRECTORY ? "the new file is in place but may not survive a crash"
                : "the previous file is unchanged";
        return new UncheckedIOException("cannot write " + target + ": " + stage.doing + " failed (" + why + "); "
                + state, e);
    }

    /**
     * What went wrong, in words: the file system exceptions' messages are often the bare path (an
     * {@link AccessDeniedException} of a read-only directory says only which file), so their kind is
     * named.
     */
    static String why(IOException e) {
        if (!(e instanceof FileSystemException f) || f.getReason() != null) {
            return e.getMessage();
        }
        String kind = e instanceof AccessDeniedException ? "permission denied"
                : e instanceof NoSuchFileException ? "no such file or directory"
                : e instanceof FileAlreadyExistsException ? "the file exists"
                : e.getClass().getSimpleName();
        return kind + ": " + f.getFile() + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile());
    }

    private static void deleteQuietly(Path temp) {
        if (temp != null) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the write failed already; a leftover hidden temporary file is all that remains
            }
        }
    }
}
