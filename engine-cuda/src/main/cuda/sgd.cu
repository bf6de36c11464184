// torch.optim.SGD, the twin of dev.descent.reference.SgdKernel (same operations, same order):
// d = g + wd*p; b = mu*b + (1-tau)*d (b = d on step 1); d = nesterov ? d + mu*b : b; p = p - lr*d.
#include "multi_tensor.cuh"

// Field for field the components of dev.descent.kernel.SgdCoefficients (booleans as 0/1).
struct SgdArgs {
    float lr;
    float momentum;
    float one_minus_dampening;
    float weight_decay;
    int nesterov;
    int maximize;
    int first_step;
};

enum SgdSlot { SGD_PARAM, SGD_GRAD, SGD_MOMENTUM_BUFFER, SGD_SLOTS };

struct SgdOp {
    SgdArgs c;
    descent::GradientClip clip;

    __host__ __device__ __forceinline__ void operator()(float (&e)[SGD_SLOTS]) const {
        float param = e[SGD_PARAM];
        float d = descent::effective_gradient(e[SGD_GRAD], param, c.weight_decay, c.maximize, clip);
        if (c.momentum != 0.0f) {
            float b = c.first_step ? d : c.momentum * e[SGD_MOMENTUM_BUFFER] + c.one_minus_dampening * d;
            e[SGD_MOMENTUM_BUFFER] = b;
            d = c.nesterov ? d + c.momentum * b : b;
        }
        e[SGD_PARAM] = param - c.lr * d;
    }
};

DESCENT_OPTIMIZER_KERNEL(sgd_step, SgdArgs) {
    constexpr unsigned writes = 1u << SGD_PARAM | 1u << SGD_MOMENTUM_BUFFER;
    descent::apply_chunks<SGD_SLOTS, writes>(tensors, chunks, num_chunks, present, SgdOp{args, clip});
}
