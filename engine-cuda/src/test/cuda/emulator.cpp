// emulator.cpp: runs Descent's CUDA kernels on the CPU, for the tests of the CUDA backend on machines
// without a GPU. It is the `Device` of dev.descent.cuda.EmulatedDevice: a process that owns "device"
// memory (host allocations, checked by AddressSanitizer) and executes launches of the very kernel
// sources that nvcc compiles for the GPU, one CUDA thread at a time, or one host thread per CUDA
// thread for the kernels that synchronise a block.
//
// Protocol (stdin/stdout, little-endian): a request is an opcode byte and its operands; every reply
// starts with a status byte, 0 for success, 1 followed by an i32-length message for an error.
//   1 ALLOC  i64 bytes                        -> i64 address (256-byte aligned, filled with 0xFF bytes)
//   2 FREE   i64 address
//   3 WRITE  i64 address, i64 bytes, bytes
//   4 READ   i64 address, i64 bytes           -> bytes
//   5 COPY   i64 src, i64 dst, i64 bytes
//   6 FILL32 i64 address, i32 word, i64 count
//   7 LAUNCH str name, i32 grid, i32 block, i32 params, then per parameter u8 kind, i32 size, bytes
//   8 LIST                                    -> i32 count, then per kernel str name, i32 params, per
//                                                parameter u8 kind, i32 size
//   0 QUIT
// A str is an i32 length and that many bytes. Parameter kinds: 1 address, 2 i32, 3 i64, 4 f32, 5 f64,
// 6 struct; the emulator checks each against the kernel's C++ signature.
#include "host_cuda.h"

#include <barrier>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "adadelta.cu"
#include "adagrad.cu"
#include "adam.cu"
#include "adamax.cu"
#include "gains.cu"
#include "gradient_norm.cu"
#include "logistic_loss.cu"
#include "matrix_vector.cu"
#include "nadam.cu"
#include "network.cu"
#include "reductions.cu"
#include "rmsprop.cu"
#include "rosenbrock.cu"
#include "rprop.cu"
#include "sgd.cu"
#include "vector_ops.cu"
#include "vsgd.cu"

namespace {

enum Kind : uint8_t { ADDRESS = 1, I32 = 2, I64 = 3, F32 = 4, F64 = 5, STRUCT = 6 };

const char* kind_name(int kind) {
    switch (kind) {
        case ADDRESS: return "address";
        case I32: return "i32";
        case I64: return "i64";
        case F32: return "f32";
        case F64: return "f64";
        case STRUCT: return "struct";
        default: return "unknown";
    }
}

template <class T> constexpr Kind kind_of() {
    if constexpr (std::is_pointer_v<T>) {
        return ADDRESS;
    } else if constexpr (std::is_same_v<T, int> || std::is_same_v<T, unsigned>) {
        return I32;
    } else if constexpr (std::is_same_v<T, long long>) {
        return I64;
    } else if constexpr (std::is_same_v<T, float>) {
        return F32;
    } else if constexpr (std::is_same_v<T, double>) {
        return F64;
    } else {
        static_assert(std::is_class_v<T> && std::is_trivially_copyable_v<T>, "unsupported kernel parameter");
        return STRUCT;
    }
}

struct Param {
    int kind;
    std::string bytes;
};

struct Failure : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// ---- memory ------------------------------------------------------------------------------------

std::map<uintptr_t, size_t> allocations;  // address -> bytes

// Throws unless [address, address + bytes) lies in one live allocation.
void require_range(uint64_t address, uint64_t bytes, const char* what) {
    auto it = allocations.upper_bound(static_cast<uintptr_t>(address));
    if (it == allocations.begin()) {
        throw Failure(std::string(what) + ": address " + std::to_string(address) + " is not allocated");
    }
    --it;
    uint64_t start = it->first;
    uint64_t end = start + it->second;
    if (address < start || address + bytes > end || address + bytes < address) {
        throw Failure(std::string(what) + ": [" + std::to_string(address) + ", +" + std::to_string(bytes)
                + ") is outside the allocation [" + std::to_string(start) + ", +" + std::to_string(it->second) + ")");
    }
}

// ---- launches ----------------------------------------------------------------------------------

thread_local std::barrier<>* block_barrier = nullptr;
thread_local const char* running_kernel = nullptr;

struct Kernel {
    std::string name;
    bool synchronises;
    std::vector<std::pair<int, size_t>> signature;
    std::function<void(const std::vector<Param>&, unsigned, unsigned)> launch;
};

template <class T> T decode(const Param& p) {
    T value;
    memcpy(&value, p.bytes.data(), sizeof(T));
    return value;
}

template <class... A, size_t... I>
std::tuple<A...> decode_all(const std::vector<Param>& params, std::index_sequence<I...>) {
    return std::tuple<A...>(decode<A>(params[I])...);
}

// Runs a kernel over the grid: one CUDA thread at a time on this thread when it never synchronises,
// otherwise `block` host threads, each playing one CUDA thread of every block in turn, with a barrier
// for __syncthreads() and one more between blocks (so that a block's shared memory, a static here,
// is not touched by the next block before the last one is done with it).
template <class... A>
void run(const char* name, bool synchronises, void (*kernel)(A...), const std::tuple<A...>& args, unsigned grid,
        unsigned block) {
    if (!synchronises) {
        running_kernel = name;
        gridDim.x = grid;
        blockDim.x = block;
        for (unsigned b = 0; b < grid; b++) {
            for (unsigned t = 0; t < block; t++) {
                blockIdx.x = b;
                threadIdx.x = t;
                std::apply(kernel, args);
            }
        }
        running_kernel = nullptr;
        return;
    }
    std::barrier<> barrier(block);
    std::vector<std::thread> threads;
    for (unsigned t = 0; t < block; t++) {
        threads.emplace_back([&, t] {
            block_barrier = &barrier;
            running_kernel = name;
            gridDim.x = grid;
            blockDim.x = block;
            threadIdx.x = t;
            for (unsigned b = 0; b < grid; b++) {
                blockIdx.x = b;
                std::apply(kernel, args);
                barrier.arrive_and_wait();
            }
        });
    }
    for (auto& th : threads) {
        th.join();
    }
}

template <class... A> Kernel kernel(const char* name, bool synchronises, void (*k)(A...)) {
    Kernel entry;
    entry.name = name;
    entry.synchronises = synchronises;
    entry.signature = {{kind_of<A>(), sizeof(A)}...};
    entry.launch = [name, synchronises, k](const std::vector<Param>& params, unsigned grid, unsigned block) {
        auto args = decode_all<A...>(params, std::index_sequence_for<A...>());
        run(name, synchronises, k, args, grid, block);
    };
    return entry;
}

const std::vector<Kernel>& kernels() {
    static const std::vector<Kernel> all = {
        kernel("sgd_step", false, sgd_step),
        kernel("adagrad_step", false, adagrad_step),
        kernel("adadelta_step", false, adadelta_step),
        kernel("rmsprop_step", false, rmsprop_step),
        kernel("rprop_step", false, rprop_step),
        kernel("adam_step", false, adam_step),
        kernel("adamax_step", false, adamax_step),
        kernel("nadam_step", false, nadam_step),
        kernel("gains_step", false, gains_step),
        kernel("vsgd_step", false, vsgd_step),
        kernel("axpy_f32", false, axpy_f32),
        kernel("axpy_f64", false, axpy_f64),
        kernel("scale_f32", false, scale_f32),
        kernel("scale_f64", false, scale_f64),
        kernel("fill_f64", false, fill_f64),
        kernel("multiply_f32", false, multiply_f32),
        kernel("multiply_f64", false, multiply_f64),
        kernel("divide_f32", false, divide_f32),
        kernel("divide_f64", false, divide_f64),
        kernel("linear_combination_f32", false, linear_combination_f32),
        kernel("linear_combination_f64", false, linear_combination_f64),
        kernel("dot_f32", true, dot_f32),
        kernel("dot_f64", true, dot_f64),
        kernel("dots_f32", true, dots_f32),
        kernel("dots_f64", true, dots_f64),
        kernel("max_abs_f32", true, max_abs_f32),
        kernel("max_abs_f64", true, max_abs_f64),
        kernel("non_finite_f32", true, non_finite_f32),
        kernel("non_finite_f64", true, non_finite_f64),
        kernel("sum_partials", true, sum_partials),
        kernel("max_partials", true, max_partials),
        kernel("gradient_sum_squares", true, gradient_sum_squares),
        kernel("gradient_max_abs", true, gradient_max_abs),
        kernel("mat_vec_f32", true, mat_vec_f32),
        kernel("mat_vec_f64", true, mat_vec_f64),
        kernel("mat_transpose_vec_partials_f32", false, mat_transpose_vec_partials_f32),
        kernel("mat_transpose_vec_partials_f64", false, mat_transpose_vec_partials_f64),
        kernel("mat_transpose_vec_sum_f32", false, mat_transpose_vec_sum_f32),
        kernel("mat_transpose_vec_sum_f64", false, mat_transpose_vec_sum_f64),
        kernel("rosenbrock_f32", true, rosenbrock_f32),
        kernel("rosenbrock_f64", true, rosenbrock_f64),
        kernel("rosenbrock_curvature_vector_f32", false, rosenbrock_curvature_vector_f32),
        kernel("rosenbrock_curvature_vector_f64", false, rosenbrock_curvature_vector_f64),
        kernel("rosenbrock_gauss_newton_diagonal_f32", false, rosenbrock_gauss_newton_diagonal_f32),
        kernel("rosenbrock_gauss_newton_diagonal_f64", false, rosenbrock_gauss_newton_diagonal_f64),
        kernel("logistic_loss_f32", true, logistic_loss_f32),
        kernel("logistic_loss_f64", true, logistic_loss_f64),
        kernel("logistic_curvature_f32", false, logistic_curvature_f32),
        kernel("logistic_curvature_f64", false, logistic_curvature_f64),
        kernel("gemm_nt_f32", true, gemm_nt_f32),
        kernel("gemm_nt_f64", true, gemm_nt_f64),
        kernel("gemm_tn_f32", true, gemm_tn_f32),
        kernel("gemm_tn_f64", true, gemm_tn_f64),
        kernel("gemm_nn_f32", true, gemm_nn_f32),
        kernel("gemm_nn_f64", true, gemm_nn_f64),
        kernel("bias_activation_f32", false, bias_activation_f32),
        kernel("bias_activation_f64", false, bias_activation_f64),
        kernel("activation_backward_f32", false, activation_backward_f32),
        kernel("activation_backward_f64", false, activation_backward_f64),
        kernel("column_sums_f32", false, column_sums_f32),
        kernel("column_sums_f64", false, column_sums_f64),
        kernel("softmax_cross_entropy_f32", true, softmax_cross_entropy_f32),
        kernel("softmax_cross_entropy_f64", true, softmax_cross_entropy_f64),
        kernel("softmax_curvature_product_f32", false, softmax_curvature_product_f32),
        kernel("softmax_curvature_product_f64", false, softmax_curvature_product_f64),
        kernel("squared_error_f32", true, squared_error_f32),
        kernel("squared_error_f64", true, squared_error_f64),
        kernel("correct_predictions_f32", true, correct_predictions_f32),
        kernel("correct_predictions_f64", true, correct_predictions_f64),
        kernel("gather_rows_f32", false, gather_rows_f32),
        kernel("gather_rows_f64", false, gather_rows_f64),
    };
    return all;
}

void launch(const std::string& name, unsigned grid, unsigned block, const std::vector<Param>& params) {
    for (const Kernel& k : kernels()) {
        if (k.name != name) {
            continue;
        }
        if (grid < 1 || block < 1 || block > 1024) {
            throw Failure(name + ": invalid launch geometry grid " + std::to_string(grid) + ", block "
                    + std::to_string(block));
        }
        if (params.size() != k.signature.size()) {
            throw Failure(name + " takes " + std::to_string(k.signature.size()) + " parameters, the launch passes "
                    + std::to_string(params.size()));
        }
        for (size_t i = 0; i < params.size(); i++) {
            if (params[i].kind != k.signature[i].first || params[i].bytes.size() != k.signature[i].second) {
                throw Failure(name + " parameter " + std::to_string(i) + ": the launch passes "
                        + kind_name(params[i].kind) + " of " + std::to_string(params[i].bytes.size())
                        + " bytes, the kernel takes " + kind_name(k.signature[i].first) + " of "
                        + std::to_string(k.signature[i].second) + " bytes");
            }
        }
        k.launch(params, grid, block);
        return;
    }
    throw Failure("no kernel named " + name);
}

// ---- the wire ----------------------------------------------------------------------------------

void read_exact(void* into, size_t bytes) {
    if (bytes > 0 && fread(into, 1, bytes, stdin) != bytes) {
        exit(0);  // the test JVM went away
    }
}

template <class T> T read_value() {
    T v;
    read_exact(&v, sizeof v);
    return v;
}

std::string read_string() {
    int32_t n = read_value<int32_t>();
    std::string s(static_cast<size_t>(n), '\0');
    read_exact(s.data(), s.size());
    return s;
}

template <class T> void write_value(T v) {
    fwrite(&v, sizeof v, 1, stdout);
}

void write_string(const std::string& s) {
    write_value<int32_t>(static_cast<int32_t>(s.size()));
    fwrite(s.data(), 1, s.size(), stdout);
}

void ok() {
    write_value<uint8_t>(0);
}

void serve() {
    for (;;) {
        uint8_t op = 0;
        if (fread(&op, 1, 1, stdin) != 1 || op == 0) {
            return;
        }
        try {
            switch (op) {
                case 1: {
                    int64_t bytes = read_value<int64_t>();
                    if (bytes <= 0) {
                        throw Failure("ALLOC of " + std::to_string(bytes) + " bytes");
                    }
                    void* p = nullptr;
                    if (posix_memalign(&p, 256, static_cast<size_t>(bytes)) != 0) {
                        throw Failure("out of host memory for " + std::to_string(bytes) + " bytes");
                    }
                    memset(p, 0xFF, static_cast<size_t>(bytes));  // like cuMemAlloc, no zeroes to rely on
                    allocations[reinterpret_cast<uintptr_t>(p)] = static_cast<size_t>(bytes);
                    ok();
                    write_value<int64_t>(static_cast<int64_t>(reinterpret_cast<uintptr_t>(p)));
                    break;
                }
                case 2: {
                    uint64_t address = read_value<uint64_t>();
                    auto it = allocations.find(static_cast<uintptr_t>(address));
                    if (it == allocations.end()) {
                        throw Failure("FREE of " + std::to_string(address) + ", which is not an allocation");
                    }
                    free(reinterpret_cast<void*>(it->first));
                    allocations.erase(it);
                    ok();
                    break;
                }
                case 3: {
                    uint64_t address = read_value<uint64_t>();
                    uint64_t bytes = read_value<uint64_t>();
                    std::string data(bytes, '\0');
                    read_exact(data.data(), bytes);
                    require_range(address, bytes, "WRITE");
                    memcpy(reinterpret_cast<void*>(address), data.data(), bytes);
                    ok();
                    break;
                }
                case 4: {
                    uint64_t address = read_value<uint64_t>();
                    uint64_t bytes = read_value<uint64_t>();
                    require_range(address, bytes, "READ");
                    ok();
                    fwrite(reinterpret_cast<const void*>(address), 1, bytes, stdout);
                    break;
                }
                case 5: {
                    uint64_t src = read_value<uint64_t>();
                    uint64_t dst = read_value<uint64_t>();
                    uint64_t bytes = read_value<uint64_t>();
                    require_range(src, bytes, "COPY source");
                    require_range(dst, bytes, "COPY destination");
                    memmove(reinterpret_cast<void*>(dst), reinterpret_cast<const void*>(src), bytes);
                    ok();
                    break;
                }
                case 6: {
                    uint64_t address = read_value<uint64_t>();
                    uint32_t word = read_value<uint32_t>();
                    uint64_t count = read_value<uint64_t>();
                    require_range(address, count * 4, "FILL32");
                    uint32_t* p = reinterpret_cast<uint32_t*>(address);
                    for (uint64_t i = 0; i < count; i++) {
                        p[i] = word;
                    }
                    ok();
                    break;
                }
                case 7: {
                    std::string name = read_string();
                    int32_t grid = read_value<int32_t>();
                    int32_t block = read_value<int32_t>();
                    int32_t count = read_value<int32_t>();
                    std::vector<Param> params;
                    for (int32_t i = 0; i < count; i++) {
                        Param p;
                        p.kind = read_value<uint8_t>();
                        int32_t size = read_value<int32_t>();
                        p.bytes.resize(static_cast<size_t>(size));
                        read_exact(p.bytes.data(), p.bytes.size());
                        params.push_back(std::move(p));
                    }
                    launch(name, static_cast<unsigned>(grid), static_cast<unsigned>(block), params);
                    ok();
                    break;
                }
                case 8: {
                    ok();
                    write_value<int32_t>(static_cast<int32_t>(kernels().size()));
                    for (const Kernel& k : kernels()) {
                        write_string(k.name);
                        write_value<int32_t>(static_cast<int32_t>(k.signature.size()));
                        for (auto& [kind, size] : k.signature) {
                            write_value<uint8_t>(static_cast<uint8_t>(kind));
                            write_value<int32_t>(static_cast<int32_t>(size));
                        }
                    }
                    break;
                }
                default:
                    throw Failure("unknown opcode " + std::to_string(op));
            }
        } catch (const Failure& e) {
            write_value<uint8_t>(1);
            write_string(e.what());
        }
        fflush(stdout);
    }
}

}  // namespace

void __syncthreads() {
    if (block_barrier == nullptr) {
        fprintf(stderr, "emulator: kernel %s called __syncthreads() but is registered as one that never does\n",
                running_kernel ? running_kernel : "?");
        abort();
    }
    block_barrier->arrive_and_wait();
}

int main() {
    serve();
    return 0;
}
