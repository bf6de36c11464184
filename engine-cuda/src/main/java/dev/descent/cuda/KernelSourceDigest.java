package dev.descent.cuda;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The fingerprint of the kernel sources that the shipped fatbins record ({@code sources.sha256} in
 * {@code kernels.properties}): the SHA-256 of the listing {@code sha256sum} prints for every file of
 * {@code src/main/cuda}, sorted by name, so that {@code build-kernels.sh} computes the same value with
 * {@code sha256sum * | sha256sum}. The flags file is one of the sources: new flags, new fatbins.
 */
final class KernelSourceDigest {

    private KernelSourceDigest() {
    }

    /** The digest of every regular file in {@code dir} (not its subdirectories). */
    static String of(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            Map<String, byte[]> contents = new TreeMap<>();
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                contents.put(f.getFileName().toString(), Files.readAllBytes(f));
            }
            return of(contents);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the kernel sources in " + dir, e);
        }
    }

    /** The same digest over files given by name and contents (the fatbins, read from the class path). */
    static String of(Map<String, byte[]> files) {
        StringBuilder listing = new StringBuilder();
        for (Map.Entry<String, byte[]> f : new TreeMap<>(files).entrySet()) {
            String name = f.getKey();
            if (!name.matches("[A-Za-z0-9_.+-]+")) {
                throw new IllegalArgumentException("kernel file '" + name + "' has a name sha256sum would escape");
            }
            listing.append(sha256(f.getValue())).append("  ").append(name).append('\n');
        }
        return sha256(listing.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The lower-case hex SHA-256 of {@code bytes}. */
    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
