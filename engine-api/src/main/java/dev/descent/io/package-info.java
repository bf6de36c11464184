/**
 * Files: {@link dev.descent.io.Safetensors}, the reader and writer of the safetensors format (weights in
 * torch's names and layout, {@link dev.descent.io.NamedTensor}; raw float32 bytes,
 * {@link dev.descent.io.RawTensor}; a whole file with its metadata, {@link dev.descent.io.SafetensorsFile}),
 * {@link dev.descent.io.HeaderJson}, the strict JSON of file headers, and
 * {@link dev.descent.io.AtomicFile}, which replaces a file so that a crash leaves the old or the new one,
 * never a torn one. A malformed file is an {@link IllegalArgumentException} whose one-line message names
 * the file and the problem; a file that cannot be read or written at all is an
 * {@link java.io.UncheckedIOException}.
 */
package dev.descent.io;
