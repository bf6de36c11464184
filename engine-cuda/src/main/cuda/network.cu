// The kernels of a multilayer perceptron (dev.descent.backend.NetworkKernels), the twins of
// dev.descent.reference.ReferenceNetworkKernels: the three GEMM shapes of forward and backward passes,
// bias + activation, the activation's derivative times the upstream gradient, column sums, softmax
// cross-entropy, the softmax curvature product, squared error, correct predictions and row gathering.
//
// GEMM (gemm_nt, gemm_tn, gemm_nn: out = a·bᵀ, aᵀ·b, a·b, or out + that when `accumulate`): tiles of
// kTile × kTile outputs, one per block (grid-stride over the tiles), staged through shared memory
// kDepth terms at a time; each of the kBlock threads keeps a kMicro × kMicro block of outputs (rows ty,
// ty + 16, ..., columns tx, tx + 16, ...) in registers. Each output is the chain of fused multiply-adds
// over l = 0, 1, ..., k − 1 in the dtype, in that order, from zero (each correctly rounded, so the GPU
// and the emulator give the same bits, whatever the grid), then added to the old output once when
// accumulating: within γ_{k+1}·(Σₗ|aᵢₗbₗⱼ| + |outᵢⱼ|) of the exact result (Higham, §3.1).
//
// The element-wise and row kernels compute each element in double from the widened inputs, by the
// reference's operations in its order, and round once; exp and log are StrictMath's (fdlibm.cuh).
// The sums that return to the host (the losses, the counts of correct predictions) are deterministic
// two-pass sums (block_fold.cuh, then sum_partials of reductions.cu); the cross-entropy's second row of
// partials carries the first row whose label is not a class (as rows − row, folded by Max; 0 for none),
// so that the host can name it reading that one label alone.
#include "block_fold.cuh"
#include "elementwise.cuh"
#include "fdlibm.cuh"

// A named namespace, not an anonymous one: see reductions.cu.
namespace network_detail {

using descent::kBlock;

// The codes of dev.descent.kernel.Activation, by its ordinals.
enum ActivationCode { IDENTITY, TANH, RELU, SIGMOID };

// The GEMM's tiling (NetworkPlan on the Java side): kTile × kTile outputs per block, kDepth terms per
// shared-memory stage, kMicro × kMicro outputs per thread.
constexpr int kTile = 64;
constexpr int kDepth = 16;
constexpr int kMicro = 4;
constexpr int kThreadsPerSide = kTile / kMicro;  // 16 × 16 = kBlock threads
static_assert(kThreadsPerSide * kThreadsPerSide == kBlock, "one thread per micro-tile");
static_assert(kTile * kDepth % kBlock == 0, "each thread stages the same number of elements");

// The correctly rounded a·b + c: the same bits from the GPU's FMA unit and the host's fma.
__host__ __device__ __forceinline__ float fma_rn(float a, float b, float c) {
#ifdef DESCENT_DEVICE_PASS
    return __fmaf_rn(a, b, c);
#else
    return fmaf(a, b, c);
#endif
}

__host__ __device__ __forceinline__ double fma_rn(double a, double b, double c) {
#ifdef DESCENT_DEVICE_PASS
    return __fma_rn(a, b, c);
#else
    return fma(a, b, c);
#endif
}

// The row-major matrix `a` read as the m × k operand A of the product: A(i, l) = a[i·k + l], or the
// transpose of a k × m matrix, A(i, l) = a[l·m + i].
template <class T, bool TRANSPOSED>
struct Operand {
    const T* data;
    long long rows;  // of the operand as the product sees it
    long long depth;

    __host__ __device__ __forceinline__ T at(long long i, long long l) const {
        return TRANSPOSED ? data[l * rows + i] : data[i * depth + l];
    }
};

// Stages the kTile × kDepth slice of `op` starting at row `first` and term `l0` into tile[l][i] (zero
// outside the operand). Each thread stages kTile·kDepth/kBlock elements; the threads of a warp read
// consecutive addresses of the layout in memory (along l when not transposed, along i when transposed).
template <class T, bool TRANSPOSED>
__host__ __device__ __forceinline__ void stage(const Operand<T, TRANSPOSED>& op, long long first, long long l0,
        T (&tile)[kDepth][kTile + 1]) {
    for (int e = static_cast<int>(threadIdx.x); e < kTile * kDepth; e += kBlock) {
        const int i = TRANSPOSED ? e % kTile : e / kDepth;
        const int l = TRANSPOSED ? e / kTile : e % kDepth;
        const long long row = first + i;
        const long long term = l0 + l;
        tile[l][i] = row < op.rows && term < op.depth ? op.at(row, term) : T(0);
    }
}

// out[i][j] = Σₗ A(i, l)·B(j, l) (or out[i][j] + that), A m × k, B n × k, as described at the top.
template <class T, bool TA, bool TB>
__device__ __forceinline__ void gemm(const Operand<T, TA>& a, const Operand<T, TB>& b, T* out, long long m,
        long long n, long long k, int accumulate) {
    __shared__ T a_tile[kDepth][kTile + 1];  // + 1: the staging stores of a warp fall in distinct banks
    __shared__ T b_tile[kDepth][kTile + 1];
    const int tx = static_cast<int>(threadIdx.x) % kThreadsPerSide;
    const int ty = static_cast<int>(threadIdx.x) / kThreadsPerSide;
    const long long tiles_n = (n + kTile - 1) / kTile;
    const long long tiles = (m + kTile - 1) / kTile * tiles_n;
    // `tile` is the same for every thread of the block, so all reach the barriers together.
    for (long long tile = blockIdx.x; tile < tiles; tile += gridDim.x) {
        const long long i0 = tile / tiles_n * kTile;
        const long long j0 = tile % tiles_n * kTile;
        T acc[kMicro][kMicro];
#pragma unroll
        for (int r = 0; r < kMicro; r++) {
#pragma unroll
            for (int c = 0; c < kMicro; c++) {
                acc[r][c] = T(0);
            }
        }
        for (long long l0 = 0; l0 < k; l0 += kDepth) {
            stage(a, i0, l0, a_tile);
            stage(b, j0, l0, b_tile);
            __syncthreads();
            const int depth = k - l0 < kDepth ? static_cast<int>(k - l0) : kDepth;
            for (int l = 0; l < depth; l++) {
                T av[kMicro];
                T bv[kMicro];
#pragma unroll
                for (int r = 0; r < kMicro; r++) {
                    av[r] = a_tile[l][ty + r * kThreadsPerSide];
                    bv[r] = b_tile[l][tx + r * kThreadsPerSide];
                }
#pragma unroll
                for (int r = 0; r < kMicro; r++) {
#pragma unroll
                    for (int c = 0; c < kMicro; c++) {
                        acc[r][c] = fma_rn(av[r], bv[c], acc[r][c]);
                    }
                }
            }
            __syncthreads();  // the tiles are read before the next stage overwrites them
        }
#pragma unroll
        for (int r = 0; r < kMicro; r++) {
            const long long i = i0 + ty + r * kThreadsPerSide;
#pragma unroll
            for (int c = 0; c < kMicro; c++) {
                const long long j = j0 + tx + c * kThreadsPerSide;
                if (i < m && j < n) {
                    T* o = out + i * n + j;
                    *o = accumulate ? *o + acc[r][c] : acc[r][c];
                }
            }
        }
    }
}

// φ(z) in double (torch's nn.Tanh, nn.ReLU as max(z, 0), nn.Sigmoid as 1/(1 + e⁻ᶻ)), from StrictMath's
// exp and log1p: tanh(x) = −expm1(−2|x|)/(expm1(−2|x|) + 2) with its sign, expm1 by Kahan's
// (u − 1)·x/log u near 0 (u = eˣ, log u = log1p(u − 1)), within a few ulps of Math.tanh.
// eˣ − 1 for x ≤ 0: below −1/2 plainly (|eˣ − 1| > 0.39, no cancellation), above by Kahan's trick,
// whose u − 1 is exact there (u ≥ 1/2, Sterbenz).
__host__ __device__ __forceinline__ double expm1_nonpositive(double x) {
    const double u = descent::fdlibm_exp(x);
    if (x < -0.5) {
        return u - 1.0;
    }
    if (u == 1.0) {
        return x;
    }
    const double um1 = u - 1.0;
    return um1 * x / descent::fdlibm_log1p(um1);
}

__host__ __device__ __forceinline__ double tanh_of(double z) {
    if (z != z) {
        return z;
    }
    const double a = descent::java_abs(z);
    double t;
    if (a < 0x1.0p-28) {
        t = a;  // tanh(a) = a to double precision (fdlibm's s_tanh.c)
    } else if (a >= 22.0) {
        t = 1.0;
    } else {
        const double e = expm1_nonpositive(-2.0 * a);
        t = -e / (e + 2.0);
    }
    return z < 0 ? -t : t;
}

__host__ __device__ __forceinline__ double sigmoid_of(double z) {
    return 1.0 / (1.0 + descent::fdlibm_exp(-z));  // e⁻ᶻ = ∞ gives 0, as it should
}

__host__ __device__ __forceinline__ double activate(int activation, double z) {
    switch (activation) {
        case TANH: return tanh_of(z);
        case RELU: return descent::java_max(z, 0.0);
        case SIGMOID: return sigmoid_of(z);
        default: return z;
    }
}

// φ'(z)·u from h = φ(z): (1 − h²)·u, h·(1 − h)·u, and for relu u where h > 0, else 0 (torch's
// threshold_backward: 0 even for an infinite u).
__host__ __device__ __forceinline__ double backward(int activation, double h, double u) {
    switch (activation) {
        case TANH: return (1.0 - h * h) * u;
        case RELU: return h > 0 ? u : 0.0;
        case SIGMOID: return h * (1.0 - h) * u;
        default: return u;
    }
}

template <class T>
__host__ __device__ __forceinline__ void bias_activation(T* z, const T* bias, T* h, int activation, long long rows,
        long long cols) {
    descent::for_each_index(0, rows * cols, [&](long long e) {
        const T sum = static_cast<T>(static_cast<double>(z[e]) + static_cast<double>(bias[e % cols]));
        z[e] = sum;
        h[e] = static_cast<T>(activate(activation, static_cast<double>(sum)));
    });
}

template <class T>
__host__ __device__ __forceinline__ void activation_backward(int activation, const T* h, const T* upstream, T* out,
        long long n) {
    descent::for_each_index(0, n, [&](long long e) {
        out[e] = static_cast<T>(backward(activation, static_cast<double>(h[e]), static_cast<double>(upstream[e])));
    });
}

// One thread per column, the rows in ascending order in double, then added to the old value when
// accumulating: the reference's sum, bit for bit.
template <class T>
__host__ __device__ __forceinline__ void column_sums(const T* a, T* out, long long rows, long long cols,
        int accumulate) {
    descent::for_each_index(0, cols, [&](long long j) {
        double sum = 0.0;
        for (long long i = 0; i < rows; i++) {
            sum = sum + static_cast<double>(a[i * cols + j]);
        }
        out[j] = static_cast<T>(accumulate ? static_cast<double>(out[j]) + sum : sum);
    });
}

// The class of a label, or −1 unless it is an integer in 0 … classes − 1 (NetworkArguments.requireLabel).
__host__ __device__ __forceinline__ long long class_of(double label, long long classes) {
    if (!(label >= 0 && label < static_cast<double>(classes))) {
        return -1;
    }
    const long long y = static_cast<long long>(label);
    return static_cast<double>(y) == label ? y : -1;
}

// The largest logit of a row, the first one in a tie; NaN if any is NaN (Math.max's rule).
template <class T>
__host__ __device__ __forceinline__ double row_max(const T* z, long long classes) {
    double max = static_cast<double>(z[0]);
    for (long long j = 1; j < classes; j++) {
        max = descent::java_max(max, static_cast<double>(z[j]));
    }
    return max;
}

// log Σⱼ exp(zⱼ − max), the sum in ascending j: log1p(Σ − 1), Σ ≥ 1 (its largest term is e⁰), so Σ − 1
// is exact.
template <class T>
__host__ __device__ __forceinline__ double row_log_sum(const T* z, long long classes, double max) {
    double sum = 0.0;
    for (long long j = 0; j < classes; j++) {
        sum = sum + descent::fdlibm_exp(static_cast<double>(z[j]) - max);
    }
    return descent::fdlibm_log1p(sum - 1.0);
}

// softmax(z)ⱼ as exp((zⱼ − max) − log Σ), torch's log_softmax exponentiated.
template <class T>
__host__ __device__ __forceinline__ double probability(const T* z, long long j, double max, double log_sum) {
    return descent::fdlibm_exp((static_cast<double>(z[j]) - max) - log_sum);
}

// Pass 1: each thread's rows' losses into partials[block], its first bad label into
// partials[gridDim + block] (as rows − row).
template <class T>
__device__ __forceinline__ void softmax_cross_entropy(const T* logits, const T* labels, T* gradient, long long rows,
        long long classes, double scale, double* partials) {
    double loss = 0.0;
    double bad = 0.0;
    descent::for_each_index(0, rows, [&](long long i) {
        const long long y = class_of(static_cast<double>(labels[i]), classes);
        if (y < 0) {
            bad = descent::java_max(bad, static_cast<double>(rows - i));
            return;
        }
        const T* z = logits + i * classes;
        T* g = gradient + i * classes;
        const double max = row_max(z, classes);
        const double log_sum = row_log_sum(z, classes, max);
        loss = loss - ((static_cast<double>(z[y]) - max) - log_sum);
        for (long long j = 0; j < classes; j++) {  // zⱼ is read before gⱼ (which may be zⱼ) is written
            g[j] = static_cast<T>(scale * (probability(z, j, max, log_sum) - (j == y ? 1.0 : 0.0)));
        }
    });
    descent::block_fold(loss, partials + blockIdx.x, descent::Sum());
    descent::block_fold(bad, partials + gridDim.x + blockIdx.x, descent::Max());
}

// outᵢ = scale·pᵢ∘(vᵢ − pᵢᵀvᵢ) (Schraudolph 2002, §3), one thread per row; out may be v (each vⱼ is
// read before outⱼ is written).
template <class T>
__host__ __device__ __forceinline__ void softmax_curvature_product(const T* logits, const T* v, T* out, long long rows,
        long long classes, double scale) {
    descent::for_each_index(0, rows, [&](long long i) {
        const T* z = logits + i * classes;
        const T* vi = v + i * classes;
        T* o = out + i * classes;
        const double max = row_max(z, classes);
        const double log_sum = row_log_sum(z, classes, max);
        double pv = 0.0;
        for (long long j = 0; j < classes; j++) {
            pv = pv + probability(z, j, max, log_sum) * static_cast<double>(vi[j]);
        }
        for (long long j = 0; j < classes; j++) {
            o[j] = static_cast<T>(scale * probability(z, j, max, log_sum) * (static_cast<double>(vi[j]) - pv));
        }
    });
}

template <class T>
__device__ __forceinline__ void squared_error(const T* pred, const T* target, T* gradient, long long n, double scale,
        double* partials) {
    double sum = 0.0;
    descent::for_each_index(0, n, [&](long long e) {
        const double d = static_cast<double>(pred[e]) - static_cast<double>(target[e]);
        sum = sum + d * d;
        gradient[e] = static_cast<T>(scale * 2.0 * d);
    });
    descent::block_fold(sum, partials + blockIdx.x, descent::Sum());
}

// Pass 1: each thread's count of rows whose first largest logit (torch.argmax) is at the label into
// partials[block]; a label that is not a class matches no row, as in the reference.
template <class T>
__device__ __forceinline__ void correct_predictions(const T* logits, const T* labels, long long rows, long long classes,
        double* partials) {
    double correct = 0.0;
    descent::for_each_index(0, rows, [&](long long i) {
        const long long y = class_of(static_cast<double>(labels[i]), classes);
        const T* z = logits + i * classes;
        long long best = 0;
        for (long long j = 1; j < classes; j++) {
            if (z[j] > z[best]) {
                best = j;
            }
        }
        if (best == y) {
            correct = correct + 1.0;
        }
    });
    descent::block_fold(correct, partials + blockIdx.x, descent::Sum());
}

template <class T>
__host__ __device__ __forceinline__ void gather_rows(const T* source, const int* indices, T* out, long long count,
        long long cols) {
    descent::for_each_index(0, count * cols, [&](long long e) {
        const long long r = e / cols;
        out[e] = source[static_cast<long long>(indices[r]) * cols + e % cols];
    });
}

}  // namespace network_detail

using namespace network_detail;

// a·bᵀ: a m × k, b n × k (B(j, l) = b[j·k + l], the operand's rows are b's rows).
DESCENT_KERNEL(gemm_nt_f32)(const float* a, const float* b, float* out, long long m, long long n, long long k,
        int accumulate) {
    gemm(Operand<float, false>{a, m, k}, Operand<float, false>{b, n, k}, out, m, n, k, accumulate);
}

DESCENT_KERNEL(gemm_nt_f64)(const double* a, const double* b, double* out, long long m, long long n, long long k,
        int accumulate) {
    gemm(Operand<double, false>{a, m, k}, Operand<double, false>{b, n, k}, out, m, n, k, accumulate);
}

// aᵀ·b: a k × m, b k × n (both read transposed).
DESCENT_KERNEL(gemm_tn_f32)(const float* a, const float* b, float* out, long long m, long long n, long long k,
        int accumulate) {
    gemm(Operand<float, true>{a, m, k}, Operand<float, true>{b, n, k}, out, m, n, k, accumulate);
}

DESCENT_KERNEL(gemm_tn_f64)(const double* a, const double* b, double* out, long long m, long long n, long long k,
        int accumulate) {
    gemm(Operand<double, true>{a, m, k}, Operand<double, true>{b, n, k}, out, m, n, k, accumulate);
}

// a·b: a m × k, b k × n (b read transposed: B(j, l) = b[l·n + j]).
DESCENT_KERNEL(gemm_nn_f32)(const float* a, const float* b, float* out, long long m, long long n, long long k,
        int accumulate) {
    gemm(Operand<float, false>{a, m, k}, Operand<float, true>{b, n, k}, out, m, n, k, accumulate);
}

DESCENT_KERNEL(gemm_nn_f64)(const double* a, const double* b, double* out, long long m, long long n, long long k,
        int accumulate) {
    gemm(Operand<double, false>{a, m, k}, Operand<double, true>{b, n, k}, out, m, n, k, accumulate);
}

DESCENT_KERNEL(bias_activation_f32)(float* z, const float* bias, float* h, int activation, long long rows,
        long long cols) {
    bias_activation(z, bias, h, activation, rows, cols);
}

DESCENT_KERNEL(bias_activation_f64)(double* z, const double* bias, double* h, int activation, long long rows,
        long long cols) {
    bias_activation(z, bias, h, activation, rows, cols);
}

DESCENT_KERNEL(activation_backward_f32)(int activation, const float* h, const float* upstream, float* out,
        long long n) {
    activation_backward(activation, h, upstream, out, n);
}

DESCENT_KERNEL(activation_backward_f64)(int activation, const double* h, const double* upstream, double* out,
        long long n) {
    activation_backward(activation, h, upstream, out, n);
}

DESCENT_KERNEL(column_sums_f32)(const float* a, float* out, long long rows, long long cols, int accumulate) {
    column_sums(a, out, rows, cols, accumulate);
}

DESCENT_KERNEL(column_sums_f64)(const double* a, double* out, long long rows, long long cols, int accumulate) {
    column_sums(a, out, rows, cols, accumulate);
}

DESCENT_KERNEL(softmax_cross_entropy_f32)(const float* logits, const float* labels, float* gradient, long long rows,
        long long classes, double scale, double* partials) {
    softmax_cross_entropy(logits, labels, gradient, rows, classes, scale, partials);
}

DESCENT_KERNEL(softmax_cross_entropy_f64)(const double* logits, const double* labels, double* gradient,
        long long rows, long long classes, double scale, double* partials) {
    softmax_cross_entropy(logits, labels, gradient, rows, classes, scale, partials);
}

DESCENT_KERNEL(softmax_curvature_product_f32)(const float* logits, const float* v, float* out, long long rows,
        long long classes, double scale) {
    softmax_curvature_product(logits, v, out, rows, classes, scale);
}

DESCENT_KERNEL(softmax_curvature_product_f64)(const double* logits, const double* v, double* out, long long rows,
        long long classes, double scale) {
    softmax_curvature_product(logits, v, out, rows, classes, scale);
}

DESCENT_KERNEL(squared_error_f32)(const float* pred, const float* target, float* gradient, long long n, double scale,
        double* partials) {
    squared_error(pred, target, gradient, n, scale, partials);
}

DESCENT_KERNEL(squared_error_f64)(const double* pred, const double* target, double* gradient, long long n,
        double scale, double* partials) {
    squared_error(pred, target, gradient, n, scale, partials);
}

DESCENT_KERNEL(correct_predictions_f32)(const float* logits, const float* labels, long long rows, long long classes,
        double* partials) {
    correct_predictions(logits, labels, rows, classes, partials);
}

DESCENT_KERNEL(correct_predictions_f64)(const double* logits, const double* labels, long long rows,
        long long classes, double* partials) {
    correct_predictions(logits, labels, rows, classes, partials);
}

DESCENT_KERNEL(gather_rows_f32)(const float* source, const int* indices, float* out, long long count,
        long long cols) {
    gather_rows(source, indices, out, count, cols);
}

DESCENT_KERNEL(gather_rows_f64)(const double* source, const int* indices, double* out, long long count,
        long long cols) {
    gather_rows(source, indices, out, count, cols);
}
