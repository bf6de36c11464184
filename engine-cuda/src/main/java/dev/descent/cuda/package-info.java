/**
 * The CUDA backend ({@code cuda}): the reference backend's kernels on NVIDIA GPUs, through JCuda's
 * bindings of the CUDA driver API.
 *
 * <p><b>Kernels.</b> CUDA C sources in {@code engine-cuda/src/main/cuda}, one per optimizer plus the
 * vector operations, the reductions and the objective kernels, each a twin of its reference kernel
 * ({@code dev.descent.reference.AdamKernel} ↔ {@code adam.cu}, {@code MatrixVectorKernel} ↔
 * {@code matrix_vector.cu}, {@code RosenbrockKernel} ↔ {@code rosenbrock.cu},
 * {@code LogisticLossKernel} ↔ {@code logistic_loss.cu}) with the same names and the same operations
 * in the same order. nvcc compiles them into fatbins (SASS for sm_90, PTX for compute_90
 * and compute_75 that the driver compiles for other GPUs) shipped as class-path resources, so no
 * user needs nvcc; {@code build-kernels.sh} rebuilds them when the sources change, and a test fails
 * when the shipped ones are stale.
 *
 * <p><b>Bit for bit.</b> The kernels are compiled with {@code -fmad=false} (no contraction of a
 * multiply and an add into an FMA), {@code -prec-div=true}, {@code -prec-sqrt=true} and
 * {@code -ftz=false}: every float32 {@code +}, {@code -}, {@code ×}, {@code ÷} and square root is
 * then IEEE 754's, correctly rounded, as in Java, and each rule evaluates them in the reference's
 * order. Java's {@code Math.max}, {@code Math.min} and {@code Math.signum} are transcribed (CUDA's
 * {@code fmaxf} treats NaN and ±0 differently). So the optimizer steps and the elementwise vector
 * operations agree with the reference bit for bit; a test checks the generated PTX for {@code fma},
 * approximate and flush-to-zero instructions. The objective kernels compute each element in double from
 * the widened inputs and round once, as the reference does, so the linear combinations, the Rosenbrock
 * gradient and curvature products agree bit for bit too; their {@code exp} and {@code log1p} are
 * StrictMath's (fdlibm, transcribed in {@code fdlibm.cuh}, since CUDA's are different functions), within
 * an ulp or so of the reference's {@code Math.exp}. The sums ({@code dot}, {@code norm2}, {@code dots},
 * the matrix-vector products, the Rosenbrock value, the logistic loss) differ from the reference's
 * left-to-right sums within stated bounds ({@code CudaVectors.dot} and the others), and
 * are deterministic: a grid that depends on the operands' sizes alone, fixed trees, no atomics.
 *
 * <p><b>Network kernels.</b> {@code network.cu}, the twin of {@code ReferenceNetworkKernels}: the three
 * GEMMs of a multilayer perceptron's passes ({@code X·Wᵀ}, {@code dZᵀ·H}, {@code dZ·W}) as tiled
 * shared-memory products ({@code NetworkPlan}: 64 × 64 outputs per block, 16 terms per
 * stage, 4 × 4 outputs per thread), each output one chain of explicit correctly rounded FMAs
 * ({@code __fma_rn}, the only FMAs in the sources) in the dtype over ascending terms: the same bits on
 * every GPU and in the emulator, within {@code γ_{k+1}·Σ|aᵢₗbₗⱼ|} of the reference's double sum. The
 * element-wise and row kernels (bias + activation, activation backward, column sums, softmax
 * cross-entropy, the softmax curvature product, squared error, correct predictions, row gathers) compute
 * in double as the reference does; tanh and the sigmoid through StrictMath's {@code exp} and
 * {@code log1p}. A loss or a count comes back as one scalar of a device-side two-pass sum; a bad label
 * costs one more scalar. Layers are {@linkplain dev.descent.cuda.CudaBackend#view views} of one flat
 * parameter vector: device address plus offset, owning nothing, closed with their parent.
 *
 * <p><b>Fused steps.</b> An optimizer step over a parameter group is one launch, whatever the number of
 * tensors, after PyTorch's multi-tensor apply: a table of the tensors' addresses and sizes and a map
 * of 8192-element chunks, uploaded once per group and cached, from which each block takes chunks;
 * aligned tensors move as {@code float4}, the last {@code size % 4} elements one at a time. A step
 * never waits for the GPU.
 *
 * <p><b>Without a GPU.</b> Nothing of JCuda is loaded until the provider is asked whether the backend
 * can run; the probe then reports "no CUDA driver (libcuda.so.1 not found)", "no CUDA device
 * (CUDA_ERROR_NO_DEVICE)", or the driver's error name, and never throws. The tests run the same
 * kernel sources on the CPU through an emulator (the test sources' {@code emulator.cpp}) and hold them
 * to the reference bit for bit; only the driver calls themselves need a GPU, and
 * {@code scripts/gpu-check.sh} packs everything for one run on a GPU machine ({@code docs/gpu/}).
 *
 * <p><b>Host memory.</b> {@link dev.descent.backend.Backend#wrap} is unsupported: a GPU cannot update
 * a caller's host segment in place. Use {@code fromArray}, or {@code allocate} and
 * {@code copyFrom(segment)}, and {@code copyTo} to read results back.
 */
package dev.descent.cuda;
