package dev.descent.cuda;

import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * What the CUDA backend's vector operations and objective kernels share: the device, the scratch of
 * the reductions and of the operand tables, elementwise launches and two-pass reductions. The
 * callers hold the backend's lock.
 */
final class CudaLaunches {

    final Device device;
    final DeviceScratch workspace; // the partial sums and results of the reductions
    private final DeviceScratch operands; // the operand tables of dots and linearCombination
    private final CudaBackend backend;

    CudaLaunches(CudaBackend backend, Device device) {
        this.backend = backend;
        this.device = device;
        this.workspace = new DeviceScratch(device, "the partial sums of the reductions");
        this.operands = new DeviceScratch(device, "the operand table of a multi-tensor operation");
    }

    /**
     * Launches an elementwise kernel whose leading scalar is already in {@code params}: the tensors'
     * addresses follow (the first is the shape all share), then the element count and the vectorized flag.
     */
    void elementwise(KernelParams params, CudaTensor shape, CudaTensor... operands) {
        long n = shape.size();
        if (n == 0) {
            return;
        }
        long[] addresses = new long[operands.length];
        for (int i = 0; i < operands.length; i++) {
            addresses[i] = operands[i].address();
            params.address(addresses[i]);
        }
        boolean vectorized = Alignment.vectorizable(addresses);
        device.launch(elementwiseGrid(params.kernel(), n, shape.dtype(), vectorized),
                params.i64(n).i32(vectorized ? 1 : 0));
    }

    /** The grid of an elementwise {@code kernel} over {@code n} (> 0) elements of {@code dtype}. */
    int elementwiseGrid(Kernel kernel, long n, DType dtype, boolean vectorized) {
        return LaunchGeometry.elementwise(n, Alignment.lanes(dtype.byteSize()), vectorized, device.multiprocessors(),
                device.residentBlocks(kernel));
    }

    /** The grid of a {@code kernel} whose threads take {@code items} (> 0) items one at a time (pairs, columns). */
    int itemGrid(Kernel kernel, long items) {
        return LaunchGeometry.elementwise(items, 1, false, device.multiprocessors(), device.residentBlocks(kernel));
    }

    /**
     * Runs pass 1 ({@code pass1} holds every parameter but the partials) over {@code items} (> 0) items
     * into the partials, pass 2 ({@code fold}) into the result, and reads the result back.
     */
    double reduce(KernelParams pass1, long items, Kernel fold) {
        return reduce(pass1, items, new Kernel[] {fold})[0];
    }

    /**
     * Runs pass 1 ({@code pass1} holds every parameter but the partials), which writes one row of
     * partials per fold (row {@code r} after the {@code r} rows of one partial per block before it), then
     * folds row {@code r} with {@code folds[r]}, and reads the results back in one copy.
     */
    double[] reduce(KernelParams pass1, long items, Kernel... folds) {
        int rows = folds.length;
        long partials = workspace.atLeast(8L * (ReductionPlan.MAX_BLOCKS + 1) * rows);
        long result = partials + 8L * ReductionPlan.MAX_BLOCKS * rows;
        int blocks = ReductionPlan.blocks(items);
        device.launch(blocks, pass1.address(partials));
        for (int r = 0; r < rows; r++) {
            device.launch(1, KernelParams.of(folds[r]).address(partials + 8L * blocks * r).i32(blocks)
                    .address(result + 8L * r));
        }
        return downloadDoubles(result, rows);
    }

    /** {@code count} doubles copied from the device at {@code address}. */
    double[] downloadDoubles(long address, int count) {
        double[] values = new double[count];
        device.download(address, count, 8, (chunk, first, n) ->
                MemorySegment.copy(chunk, ValueLayout.JAVA_DOUBLE_UNALIGNED, 0, values, (int) first, n));
        return values;
    }

    /** Uploads {@code table} into the operand scratch and returns its device address. */
    long upload(OperandTable table) {
        MemorySegment bytes = table.bytes();
        long address = operands.atLeast(bytes.byteSize());
        device.upload(address, bytes.byteSize() / 8, 8, (chunk, first, count) ->
                MemorySegment.copy(bytes, first * 8, chunk, 0, count * 8L));
        return address;
    }

    /** The device addresses of {@code tensors}, each checked open and owned by this backend. */
    long[] addresses(Tensor[] tensors) {
        long[] addresses = new long[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            addresses[i] = CudaTensors.own(backend, tensors[i]).address();
        }
        return addresses;
    }

    /** The kernel's {@code vectorized} flag: 1 if every address is 16-byte aligned. */
    static int vectorized(long... addresses) {
        return Alignment.vectorizable(addresses) ? 1 : 0;
    }

    /** The float32 or float64 twin, by {@code t}'s dtype. */
    static Kernel byDType(Tensor t, Kernel f32, Kernel f64) {
        return t.dtype() == DType.FLOAT32 ? f32 : f64;
    }
}
