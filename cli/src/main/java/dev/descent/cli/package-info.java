/**
 * The {@code descent} command line: {@code backends}, {@code verify}, {@code verify-trace},
 * {@code minimize}, {@code bench}, {@code completion} and {@code help}. Run through the
 * {@code ./descent} launcher at the repository root.
 *
 * <p>Each command declares its options and help as a picocli model ({@link dev.descent.cli.CommandModel});
 * picocli parses the arguments, prints the help and generates the bash completion
 * ({@code descent completion}). Every JSON line is written with Jackson ({@link dev.descent.cli.Json}).
 *
 * <p>Exit status: 0 when everything asked for passed, 1 when a check failed, 2 for bad arguments or
 * bad input files, which are reported as one line on standard error without a stack trace.
 */
package dev.descent.cli;
