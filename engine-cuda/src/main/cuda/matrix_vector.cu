// A·x and Aᵀ·v for a row-major rows × cols matrix, the twins of dev.descent.reference.MatrixVectorKernel:
// every product widened to double, sums in double, each output element rounded once. The sums are
// split differently from the reference's left-to-right ones, so that the reads are coalesced and the
// work spread over the GPU; the split depends on the matrix's shape alone (MatrixVectorPlan on the
// Java side), never on the GPU, so the same operands always give the same bits.
//
// mat_vec: one warp's worth of threads (kWarp) per row; lane l adds the row's elements l, l + kWarp,
// ... in order, and the lanes' sums are folded by a fixed tree (block_fold.cuh). Each block takes
// kBlock / kWarp rows at a time, grid-stride.
//
// Aᵀ·v in two passes: mat_transpose_vec_partials gives each thread one column and one segment of
// segment_rows consecutive rows, which it adds in ascending row order into partials[segment][column]
// (a warp reads 32 neighbouring elements of a row: coalesced); mat_transpose_vec_sum adds each
// column's segments in ascending order and rounds. With one segment the result is the reference's, bit
// for bit.
#include "block_fold.cuh"
#include "elementwise.cuh"

// A named namespace, not an anonymous one: see reductions.cu.
namespace matrix_vector_detail {

using descent::kBlock;
using descent::kWarp;

template <class T>
__device__ __forceinline__ void mat_vec(const T* a, const T* x, T* out, long long rows, long long cols) {
    constexpr int rows_per_block = kBlock / kWarp;
    const int lane = static_cast<int>(threadIdx.x) % kWarp;
    const long long warp = threadIdx.x / kWarp;
    // `first` is the same for every thread of the block, so all reach fold_groups' barriers together.
    for (long long first = static_cast<long long>(blockIdx.x) * rows_per_block; first < rows;
            first += static_cast<long long>(gridDim.x) * rows_per_block) {
        const long long row = first + warp;
        double sum = 0.0;
        if (row < rows) {
            const T* elements = a + row * cols;
            for (long long j = lane; j < cols; j += kWarp) {
                sum = sum + static_cast<double>(elements[j]) * static_cast<double>(x[j]);
            }
        }
        const double total = descent::fold_groups<kWarp>(sum, descent::Sum());
        if (lane == 0 && row < rows) {
            out[row] = static_cast<T>(total);
        }
    }
}

template <class T>
__host__ __device__ __forceinline__ void mat_transpose_vec_partials(const T* a, const T* v, long long rows, long long cols,
        long long segment_rows, double* partials) {
    const long long tiles = (cols + kBlock - 1) / kBlock;
    const long long segments = (rows + segment_rows - 1) / segment_rows;
    for (long long item = blockIdx.x; item < tiles * segments; item += gridDim.x) {
        const long long column = item % tiles * kBlock + threadIdx.x;
        const long long segment = item / tiles;
        if (column < cols) {
            const long long first = segment * segment_rows;
            const long long end = first + segment_rows < rows ? first + segment_rows : rows;
            double sum = 0.0;
            for (long long i = first; i < end; i++) {
                sum = sum + static_cast<double>(a[i * cols + column]) * static_cast<double>(v[i]);
            }
            partials[segment * cols + column] = sum;
        }
    }
}

template <class T>
__host__ __device__ __forceinline__ void mat_transpose_vec_sum(const double* partials, int segments, long long cols,
        T* out) {
    descent::for_each_index(0, cols, [&](long long column) {
        double sum = partials[column];
        for (int s = 1; s < segments; s++) {
            sum = sum + partials[s * cols + column];
        }
        out[column] = static_cast<T>(sum);
    });
}

}  // namespace matrix_vector_detail

using namespace matrix_vector_detail;

DESCENT_KERNEL(mat_vec_f32)(const float* a, const float* x, float* out, long long rows, long long cols) {
    mat_vec(a, x, out, rows, cols);
}

DESCENT_KERNEL(mat_vec_f64)(const double* a, const double* x, double* out, long long rows, long long cols) {
    mat_vec(a, x, out, rows, cols);
}

DESCENT_KERNEL(mat_transpose_vec_partials_f32)(const float* a, const float* v, long long rows, long long cols,
        long long segment_rows, double* partials) {
    mat_transpose_vec_partials(a, v, rows, cols, segment_rows, partials);
}

DESCENT_KERNEL(mat_transpose_vec_partials_f64)(const double* a, const double* v, long long rows, long long cols,
        long long segment_rows, double* partials) {
    mat_transpose_vec_partials(a, v, rows, cols, segment_rows, partials);
}

DESCENT_KERNEL(mat_transpose_vec_sum_f32)(const double* partials, int segments, long long cols, float* out) {
    mat_transpose_vec_sum(partials, segments, cols, out);
}

DESCENT_KERNEL(mat_transpose_vec_sum_f64)(const double* partials, int segments, long long cols, double* out) {
    mat_transpose_vec_sum(partials, segments, cols, out);
}
