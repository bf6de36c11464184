// host_cuda.h: just enough of CUDA's C++ dialect to compile Descent's kernels as plain host C++
// for the emulator (emulator.cpp). Execution-space qualifiers vanish, __shared__ becomes a static
// (one block runs at a time, so a static is that block's shared memory), the built-in thread
// coordinates are thread-locals the emulator sets before each call, and __syncthreads() is a barrier
// across the host threads that play one block's threads.
#pragma once

#include <math.h>
#include <string.h>

#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __launch_bounds__(...)
#define __shared__ static

struct EmulatedDim3 {
    unsigned x = 0, y = 1, z = 1;
};

inline thread_local EmulatedDim3 blockIdx, threadIdx, gridDim, blockDim;

struct alignas(16) float4 {
    float x, y, z, w;
};

struct alignas(16) double2 {
    double x, y;
};

// A barrier across the threads of the block being emulated; aborts the launch if the kernel was
// registered as one that never synchronises.
void __syncthreads();
