/*
 * Adam as one fused C loop: the "what a compiler gives" baseline for the Java backends.
 *
 * The rule is the reference's (engine-api AdamKernel, no weight decay, no AMSGrad): per element it
 * reads p, g, m, v and writes p, m, v: 28 bytes. Built by run.sh with gcc -O3 -march=native -fopenmp
 * -fno-math-errno (see there); gcc may contract a*b+c into an FMA, which the Java kernels may not,
 * so this is, if anything, a slightly generous baseline.
 *
 * usage: adam <elements> <threads>
 */
#include <math.h>

#include "fused_loop.h"

static float *restrict p, *restrict g, *restrict m, *restrict v;

/* The scalars of step t = 10 with lr 1e-3, betas (0.9, 0.999), eps 1e-8, as PlainJavaLoopBenchmark's. */
static float step_size, bias_correction2_sqrt;
static const float beta1 = 0.9f, one_minus_beta1 = 0.1f, beta2 = 0.999f, eps = 1e-8f;
static const float one_minus_beta2 = (float) (1 - 0.999);

static void adam_step(long n) {
#pragma omp parallel for schedule(static)
    for (long i = 0; i < n; i++) {
        float d = g[i];
        float mi = beta1 * m[i] + one_minus_beta1 * d;
        float vi = beta2 * v[i] + one_minus_beta2 * d * d;
        m[i] = mi;
        v[i] = vi;
        float denom = sqrtf(vi) / bias_correction2_sqrt + eps;
        p[i] = p[i] + -step_size * mi / denom;
    }
}

int main(int argc, char **argv) {
    long n;
    int threads;
    parse_args(argc, argv, &n, &threads);
    step_size = (float) (1e-3 / (1 - pow(0.9, 10)));
    bias_correction2_sqrt = (float) sqrt(1 - pow(0.999, 10));
    p = aligned_floats(n);
    g = aligned_floats(n);
    m = aligned_floats(n);
    v = aligned_floats(n);
    omp_set_num_threads(threads);
    /* First touch with the same static schedule as the step, so each thread's pages are its own. */
#pragma omp parallel for schedule(static)
    for (long i = 0; i < n; i++) {
        p[i] = 0.5f;
        g[i] = 1e-3f * (float) ((i % 17) - 8); /* BenchData.gradient */
        m[i] = 0.0f;
        v[i] = 0.0f;
    }
    run_benchmark("adam", n, threads, 28, adam_step);
    free(p);
    free(g);
    free(m);
    free(v);
    return 0;
}
