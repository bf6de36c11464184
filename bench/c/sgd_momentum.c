/*
 * SGD with momentum as one fused C loop: the compiler baseline for the Java backends.
 *
 * The rule is the reference's (engine-api SgdKernel after step 1, no Nesterov, no weight decay):
 * b = mu*b + (1-tau)*g; p = p - lr*b. Per element it reads p, g, b and writes p, b: 20 bytes.
 *
 * usage: sgd_momentum <elements> <threads>
 */
#include "fused_loop.h"

static float *restrict p, *restrict g, *restrict b;

static const float lr = 1e-3f, momentum = 0.9f, one_minus_dampening = 1.0f;

static void sgd_momentum_step(long n) {
#pragma omp parallel for schedule(static)
    for (long i = 0; i < n; i++) {
        float bi = momentum * b[i] + one_minus_dampening * g[i];
        b[i] = bi;
        p[i] = p[i] - lr * bi;
    }
}

int main(int argc, char **argv) {
    long n;
    int threads;
    parse_args(argc, argv, &n, &threads);
    p = aligned_floats(n);
    g = aligned_floats(n);
    b = aligned_floats(n);
    omp_set_num_threads(threads);
#pragma omp parallel for schedule(static)
    for (long i = 0; i < n; i++) {
        p[i] = 0.5f;
        g[i] = 1e-3f * (float) ((i % 17) - 8);
        b[i] = 0.0f;
    }
    run_benchmark("sgd-momentum", n, threads, 20, sgd_momentum_step);
    free(p);
    free(g);
    free(b);
    return 0;
}
