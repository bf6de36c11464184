/**
 * Data sets, and readers of their files, for training networks: {@link dev.descent.data.ClassificationData}
 * (examples of float features with class labels), {@link dev.descent.data.RegressionData} (with
 * vectors of float targets), {@link dev.descent.data.IdxFiles}, the reader
 * of the IDX format of MNIST and Fashion-MNIST, and {@link dev.descent.data.CsvFiles} (features then a
 * label per line); weights in torch's names and layout are {@code dev.descent.io.Safetensors} of the
 * API module. A malformed file is an {@link
 * IllegalArgumentException} whose one-line message names the file and the problem; a file that
 * cannot be read at all is an {@link java.io.UncheckedIOException}.
 */
package dev.descent.data;
