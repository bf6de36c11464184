/*
 * STREAM-style copy (b = a) and triad (a = b + s*c) in C: the memory bandwidth that the C and Java
 * loops are compared against. Copy moves 8 bytes per element, triad 12 (no write-allocate counted,
 * as STREAM and the Java BandwidthBaselineBenchmark count them).
 *
 * usage: stream <copy|triad> <elements> <threads>
 */
#include "fused_loop.h"

static float *restrict a, *restrict b, *restrict c;

static const float scalar = 3.0f;

static void copy_step(long n) {
#pragma omp parallel for schedule(static)
    for (long i = 0; i < n; i++) {
        b[i] = a[i];
    }
}

static void triad_step(long n) {
#pragma omp parallel for schedule(static)
    for (long i = 0; i < n; i++) {
        a[i] = b[i] + scalar * c[i];
    }
}

int main(int argc, char **argv) {
    if (argc != 4 || (strcmp(argv[1], "copy") != 0 && strcmp(argv[1], "triad") != 0)) {
        fprintf(stderr, "usage: %s <copy|triad> <elements> <threads>\n", argv[0]);
        return 2;
    }
    const char *kernel = argv[1];
    long n;
    int threads;
    parse_args(argc - 1, argv + 1, &n, &threads);
    a = aligned_floats(n);
    b = aligned_floats(n);
    c = aligned_floats(n);
    omp_set_num_threads(threads);
#pragma omp parallel for schedule(static)
    for (long i = 0; i < n; i++) {
        a[i] = 1.0f;
        b[i] = 2.0f;
        c[i] = 0.5f;
    }
    if (strcmp(kernel, "copy") == 0) {
        run_benchmark("copy", n, threads, 8, copy_step);
    } else {
        run_benchmark("triad", n, threads, 12, triad_step);
    }
    free(a);
    free(b);
    free(c);
    return 0;
}
