/**
 * The Vector API backend: the reference backend's kernels over SIMD vectors of off-heap memory.
 *
 * <p><b>Twins.</b> Every optimizer kernel is a class named like its reference twin
 * ({@code dev.descent.reference.AdamKernel} ↔ {@code dev.descent.simd.AdamKernel}) with the same
 * structure and variable names, so the two read side by side. Each makes one pass over memory: Adam
 * reads {@code p, g, m, v} once and writes {@code p, m, v} once per element. Branches of the reference
 * (Rprop's sign cases, the gains' agreement test) become lane comparisons and blends.
 *
 * <p><b>Bit for bit.</b> The kernels evaluate the reference's float32 operations in the reference's
 * order, lane by lane, and use no fused multiply-add: IEEE 754 rounds each lanewise {@code add},
 * {@code mul}, {@code div} and {@code sqrt} exactly as the scalar operation, so every element of every
 * step equals the reference's, bit for bit, on any CPU. FMA would change the last bit of some results
 * and gain nothing: an optimizer step does a handful of flops per 20 or so bytes moved, so it runs at
 * memory speed either way, and bitwise agreement is a far stronger test than a tolerance. The same
 * holds for the elementwise vector operations ({@code axpy}, {@code scale}, {@code multiply}, ...).
 * Only the sums ({@code dot}, {@code norm2}, {@code dots}, and those of the objective kernels: the
 * rows of {@code matVec}, {@code matTransposeVec} over several row blocks, the Rosenbrock and
 * logistic values) differ from the reference, within the bound stated on
 * {@code SimdVectors.dot}, because they add per vector lane and per block; and the
 * logistic kernels, whose {@code exp} and {@code log1p} are the Vector API's, by a few ulps
 * ({@code LogisticLossKernel}). The kernels that compute in double for either dtype (the
 * multi-tensor operations and the objective kernels) are laid out as {@code DoubleLanes} explains,
 * not as the Tails paragraph below describes. The sums do
 * use {@code fma}, in double: a product of widened float32 values is exact, so there it rounds as a
 * multiply and an add would, and for float64 it saves one rounding per term.
 *
 * <p><b>Tails.</b> Each kernel writes its per-element body once, in a {@code loop} method over
 * {@code [from, to)} with plain (unmasked) loads and stores, and runs it twice: over the full vectors
 * in place, then once over copies of the partial vector at the end ({@code Tail}), whose lanes past
 * the end hold 0 and compute values that are never copied back. See {@code Lanes} and {@code Tail}
 * for why the loops must not call masked accessors.
 *
 * <p><b>Threads.</b> Large calls are cut into fixed chunks of 2¹⁶ elements packed across tensors
 * (PyTorch's multi-tensor apply: one call over a whole parameter group) and run on a fixed pool of
 * daemon threads; the partition depends on the tensor sizes only, and reductions combine fixed blocks
 * in block order, so results are the same for any thread count.
 *
 * <p><b>Loading.</b> {@link dev.descent.simd.SimdBackendProvider} checks for the
 * {@code jdk.incubator.vector} module before any class that uses it is loaded; the vector constants
 * live in their own holder class.
 */
package dev.descent.simd;
