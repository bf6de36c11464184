/**
 * The CUDA backend (JCuda, driver API only) arrives with its own issue. Until then this module
 * registers no backend: a fake one would make {@code descent backends} and the agreement tests lie.
 */
package dev.descent.cuda;
