package dev.descent.reference;

import dev.descent.backend.ParameterSlots;
import dev.descent.cpu.CpuTensor;
import dev.descent.kernel.NormType;
import java.util.List;

/**
 * The total norm of torch.nn.utils.clip_grad_norm_ (torch/nn/utils/clip_grad.py): the gradients of a
 * group as one vector, {@code sqrt(Σ gᵢ²)} summed left to right in double over the tensors in order,
 * or {@code max |gᵢ|}; NaN or {@code +∞} exactly when some element is (a square of a finite float
 * never overflows a double), which makes it the step's finiteness check as well.
 */
final class GradientNormKernel {
    private GradientNormKernel() {
    }

    static double apply(NormType type, List<ParameterSlots> params) {
        double acc = 0;
        for (ParameterSlots s : params) {
            CpuTensor g = (CpuTensor) s.grad();
            for (long i = 0, n = g.size(); i < n; i++) {
                double v = g.get(i); // a bfloat16/float16 gradient widened exactly
                acc = type == NormType.TWO ? acc + v * v : Math.max(acc, Math.abs(v));
            }
        }
        return type == NormType.TWO ? Math.sqrt(acc) : acc;
    }
}
