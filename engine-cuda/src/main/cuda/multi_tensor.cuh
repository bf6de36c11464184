// multi_tensor.cuh: one launch updates every tensor of a parameter group, after PyTorch's
// MultiTensorApply. The Java side (dev.descent.cuda.TensorTable) uploads, once per group, a table of
// the tensors' addresses and sizes and a chunk map; every block takes chunks of that map, grid-stride,
// and runs an optimizer's per-element rule over the chunk.
//
// Slots: slot 0 is the parameter, slot 1 its gradient, slots 2.. the optimizer's state tensors in the
// order each kernel's *Slot enum gives (the Java side fills them in the same order). A slot that the
// step does not use (max_exp_avg_sq without AMSGrad, ...) has address 0 and its bit clear in `present`:
// it is neither loaded nor stored.
//
// Master weights: a tensor whose entry has `half` set (kHalfBfloat16, kHalfFloat16) holds a bfloat16 or
// float16 parameter in slot 0 and gradient in slot 1, and the parameter's float32 master at `master`.
// The rule then sees the master as its parameter and the widened gradient as its gradient, and the
// master it writes back is also stored, rounded to nearest even, into slot 0: one pass, every optimizer
// (the twin of dev.descent.cpu.MasterWeightBlocks).
#pragma once

#include "descent.cuh"
#include "half_floats.cuh"

namespace descent {

// Most slots of any optimizer: parameter, gradient and eight state tensors (vSGD-fd with batch squares).
constexpr int kMaxSlots = 10;

// Elements per chunk (TensorTable.CHUNK_ELEMENTS); a multiple of 4, so that a chunk of a 16-byte
// aligned tensor starts 16-byte aligned.
constexpr long long kChunkElements = 8192;

// One tensor of the group: 112 bytes, fourteen little-endian 64-bit words, written by TensorTable.
struct TensorEntry {
    unsigned long long address[kMaxSlots];  // device address of each slot, 0 when absent
    long long size;                         // elements, the same for every slot
    long long vectorized;                   // 1 when every present address is 16-byte aligned (never with half)
    unsigned long long master;              // the float32 master of a low-precision parameter, else 0
    long long half;                         // kHalfNone, or the type of slots 0 and 1 (kHalfBfloat16, kHalfFloat16)
};

// Element i of a tensor's gradient (slot 1), widened when it is low-precision.
__host__ __device__ __forceinline__ float gradient_at(const TensorEntry& t, long long i) {
    return t.half == kHalfNone ? reinterpret_cast<const float*>(t.address[1])[i]
                               : widen_half(t.half, reinterpret_cast<const unsigned short*>(t.address[1])[i]);
}

// One chunk: elements [chunk * kChunkElements, min((chunk + 1) * kChunkElements, size)) of a tensor.
struct ChunkRef {
    int tensor;
    int chunk;
};

// Runs `op` on every element of every chunk. `op(e)` receives the element's value in each slot
// (e[s], 0 for an absent slot) and updates them in place; slots in WRITES are stored back. Present
// slots of a vectorized tensor move as float4 (16-byte loads and stores), the last `size % 4` elements
// of the tensor one at a time; the rule itself always runs one element at a time, in order, so the
// float4 path changes nothing in the result.
template <int SLOTS, unsigned WRITES, class Op>
__host__ __device__ __forceinline__ void apply_chunks(const TensorEntry* tensors, const ChunkRef* chunks,
        int num_chunks, unsigned present, const Op& op) {
    const unsigned stores = WRITES & present;
    for (long long c = blockIdx.x; c < num_chunks; c += gridDim.x) {
        const ChunkRef ref = chunks[c];
        const TensorEntry& t = tensors[ref.tensor];
        long long start = static_cast<long long>(ref.chunk) * kChunkElements;
        const long long end = start + kChunkElements < t.size ? start + kChunkElements : t.size;
        float* slot[SLOTS];
#pragma unroll
        for (int s = 0; s < SLOTS; s++) {
            slot[s] = reinterpret_cast<float*>(t.address[s]);
        }
        if (t.half != kHalfNone) {  // master weights: the rule on the float32 master, the parameter rounded
            float* master = reinterpret_cast<float*>(t.master);
            unsigned short* param = reinterpret_cast<unsigned short*>(t.address[0]);
            for (long long i = start + threadIdx.x; i < end; i += blockDim.x) {
                float e[SLOTS];
                e[0] = master[i];
                e[1] = gradient_at(t, i);
#pragma unroll
                for (int s = 2; s < SLOTS; s++) {
                    e[s] = (present & (1u << s)) ? slot[s][i] : 0.0f;
                }
                op(e);
                master[i] = e[0];
                param[i] = narrow_half(t.half, e[0]);
#pragma unroll
                for (int s = 2; s < SLOTS; s++) {
                    if (stores & (1u << s)) {
                        slot[s][i] = e[s];
                    }
                }
            }
            continue;
        }
        if (t.vectorized) {
            const long long first = start / 4;
            const long long last = first + (end - start) / 4;  // exclusive, in float4 units
            for (long long j = first + threadIdx.x; j < last; j += blockDim.x) {
                float4 v[SLOTS];
#pragma unroll
                for (int s = 0; s < SLOTS; s++) {
                    if (present & (1u << s)) {
                        v[s] = reinterpret_cast<const float4*>(slot[s])[j];
                    } else {
                        v[s].x = v[s].y = v[s].z = v[s].w = 0.0f;
                    }
                }
#pragma unroll
                for (int lane = 0; lane < 4; lane++) {
                    float e[SLOTS];
#pragma unroll
                    for (int s = 0; s < SLOTS; s++) {
                        e[s] = reinterpret_cast<const float*>(&v[s])[lane];
                    }
                    op(e);
#pragma unroll
                    for (int s = 0; s < SLOTS; s++) {
                        reinterpret_cast<float*>(&v[s])[lane] = e[s];
                    }
                }
#pragma unroll
                for (int s = 0; s < SLOTS; s++) {
                    if (stores & (1u << s)) {
                        reinterpret_cast<float4*>(slot[s])[j] = v[s];
                    }
                }
            }
            start = last * 4;  // what is left: fewer than 4 elements at the end of the tensor
        }
        for (long long i = start + threadIdx.x; i < end; i += blockDim.x) {
            float e[SLOTS];
#pragma unroll
            for (int s = 0; s < SLOTS; s++) {
                e[s] = (present & (1u << s)) ? slot[s][i] : 0.0f;
            }
            op(e);
#pragma unroll
            for (int s = 0; s < SLOTS; s++) {
                if (stores & (1u << s)) {
                    slot[s][i] = e[s];
                }
            }
        }
    }
}

}  // namespace descent

// The signature every optimizer kernel has (KernelParams on the Java side): the tensor table, the
// chunk map, its length, the present-slot bits, the step's coefficients (a struct of 4-byte fields
// in the order of the Java coefficient record's components) and the gradient clip (descent.cuh).
#define DESCENT_OPTIMIZER_KERNEL(name, Args) \
    extern "C" __global__ void __launch_bounds__(descent::kBlock) name( \
            const descent::TensorEntry* tensors, const descent::ChunkRef* chunks, int num_chunks, \
            unsigned present, Args args, descent::GradientClip clip)
