/*
 * Shared harness of the fused C baselines (adam.c, sgd_momentum.c): allocation with first touch by
 * the thread that later updates each element, repeated timing, and the median.
 *
 * Each baseline defines init_arrays() and one_step() and includes this file; the harness prints
 * one line: kernel, n, threads, median / min / max in G elements/s and the median in GB/s.
 */
#ifndef FUSED_LOOP_H
#define FUSED_LOOP_H

#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SAMPLES 11

static float *aligned_floats(long n) {
    void *p = NULL;
    /* 64-byte alignment, as CpuTensor's off-heap tensors, so neither side gets an edge from it. */
    if (posix_memalign(&p, 64, (size_t) n * sizeof(float)) != 0) {
        fprintf(stderr, "cannot allocate %ld floats\n", n);
        exit(1);
    }
    return (float *) p;
}

static int compare_doubles(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

/*
 * Times `steps` calls of step(n) per sample, SAMPLES samples after a warm-up, and prints the rates.
 * The step count is chosen so that a sample lasts about 50 ms: long enough to hide the timer and the
 * OpenMP fork/join, short enough to finish in a second.
 */
static void run_benchmark(const char *kernel, long n, int threads, int bytes_per_element, void (*step)(long)) {
    omp_set_num_threads(threads);
    double t0 = omp_get_wtime();
    step(n);
    double once = omp_get_wtime() - t0;
    long steps = once > 0 ? (long) (0.05 / once) : 1000;
    if (steps < 1) {
        steps = 1;
    }
    for (long s = 0; s < steps; s++) {
        step(n);
    }
    double rate[SAMPLES];
    for (int r = 0; r < SAMPLES; r++) {
        double start = omp_get_wtime();
        for (long s = 0; s < steps; s++) {
            step(n);
        }
        double seconds = omp_get_wtime() - start;
        rate[r] = (double) n * (double) steps / seconds / 1e9;
    }
    qsort(rate, SAMPLES, sizeof(double), compare_doubles);
    double median = rate[SAMPLES / 2];
    printf("%-13s n=%-9ld threads=%d  G elements/s median %.3f (min %.3f, max %.3f)  GB/s %.1f\n",
            kernel, n, threads, median, rate[0], rate[SAMPLES - 1], median * bytes_per_element);
}

static void parse_args(int argc, char **argv, long *n, int *threads) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s <elements> <threads>\n", argv[0]);
        exit(2);
    }
    *n = atol(argv[1]);
    *threads = atoi(argv[2]);
    if (*n <= 0 || *threads <= 0) {
        fprintf(stderr, "elements and threads must be positive, got %s and %s\n", argv[1], argv[2]);
        exit(2);
    }
}

#endif
