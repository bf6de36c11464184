/**
 * The {@code descent} command line: {@code backends}, {@code verify}, {@code verify-trace},
 * {@code minimize}, {@code bench} and {@code help}. Run through the {@code ./descent} launcher at the
 * repository root.
 *
 * <p>Exit status: 0 when everything asked for passed, 1 when a check failed, 2 for bad arguments or
 * bad input files, which are reported as one line on standard error without a stack trace.
 */
package dev.descent.cli;
