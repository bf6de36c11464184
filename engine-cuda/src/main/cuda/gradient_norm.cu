// The total norm of torch.nn.utils.clip_grad_norm_ over a parameter group's gradients, the twin of
// dev.descent.reference.GradientNormKernel: one pass over slot 1 (the gradient) of the group's tensor
// table (multi_tensor.cuh), the multi-tensor pass of gradient clipping and the step's NaN/Infinity
// check at once. Pass 1 gives every chunk of the chunk map one partial, partials[c]: its threads'
// running sums of g*g in double (a float32 square is exact in double) or maxima of |g|, folded by
// block_fold's fixed tree, the blocks taking the chunks grid-stride. Pass 2 (sum_partials or
// max_partials of reductions.cu) folds the partials in one block. A partial depends on its chunk alone,
// never on the grid, so the same gradients give the same bits on any GPU. A NaN or an infinite element
// makes its term, and so the result, NaN or +Infinity (a square of a finite float never overflows).
#include "block_fold.cuh"
#include "multi_tensor.cuh"

// A named namespace, not an anonymous one (see reductions.cu).
namespace gradient_norm_detail {

// g*g in double.
struct Square {
    __host__ __device__ __forceinline__ double operator()(float g) const {
        const double d = static_cast<double>(g);
        return d * d;
    }
};

// |g| in double.
struct Magnitude {
    __host__ __device__ __forceinline__ double operator()(float g) const {
        return descent::java_abs(static_cast<double>(g));
    }
};

// partials[c] = the fold of term(g) over the elements of chunk c, thread t taking t, t + blockDim.x, ...
// of the chunk in order; every thread of a block visits the same chunks, so block_fold's barriers are
// reached by all.
template <class Combine, class Term>
__device__ __forceinline__ void chunk_partials(const descent::TensorEntry* tensors, const descent::ChunkRef* chunks,
        int num_chunks, double* partials, const Combine& combine, const Term& term) {
    for (long long c = blockIdx.x; c < num_chunks; c += gridDim.x) {
        const descent::ChunkRef ref = chunks[c];
        const descent::TensorEntry& t = tensors[ref.tensor];
        const long long start = static_cast<long long>(ref.chunk) * descent::kChunkElements;
        const long long end = start + descent::kChunkElements < t.size ? start + descent::kChunkElements : t.size;
        double value = 0.0;
        for (long long i = start + threadIdx.x; i < end; i += blockDim.x) {
            value = combine(value, term(descent::gradient_at(t, i)));  // a bfloat16/float16 gradient widened
        }
        descent::block_fold(value, partials + c, combine);
    }
}

}  // namespace gradient_norm_detail

DESCENT_KERNEL(gradient_sum_squares)(const descent::TensorEntry* tensors, const descent::ChunkRef* chunks,
        int num_chunks, double* partials) {
    gradient_norm_detail::chunk_partials(tensors, chunks, num_chunks, partials, descent::Sum(),
            gradient_norm_detail::Square());
}

DESCENT_KERNEL(gradient_max_abs)(const descent::TensorEntry* tensors, const descent::ChunkRef* chunks,
        int num_chunks, double* partials) {
    gradient_norm_detail::chunk_partials(tensors, chunks, num_chunks, partials, descent::Max(),
            gradient_norm_detail::Magnitude());
}
