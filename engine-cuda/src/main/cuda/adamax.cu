// torch.optim.Adamax, the twin of dev.descent.reference.AdamaxKernel: m = b1*m + (1-b1)*d;
// u = max(b2*u, |d| + eps); p = p + (-lr/bc1)*m/u.
#include "multi_tensor.cuh"

// Field for field the components of dev.descent.kernel.AdamaxCoefficients.
struct AdamaxArgs {
    float clr;
    float beta1;
    float one_minus_beta1;
    float beta2;
    float eps;
    float weight_decay;
    int maximize;
};

enum AdamaxSlot { ADAMAX_PARAM, ADAMAX_GRAD, ADAMAX_EXP_AVG, ADAMAX_EXP_INF, ADAMAX_SLOTS };

struct AdamaxOp {
    AdamaxArgs c;
    descent::GradientClip clip;

    __host__ __device__ __forceinline__ void operator()(float (&e)[ADAMAX_SLOTS]) const {
        float param = e[ADAMAX_PARAM];
        float d = descent::effective_gradient(e[ADAMAX_GRAD], param, c.weight_decay, c.maximize, clip);
        float mi = c.beta1 * e[ADAMAX_EXP_AVG] + c.one_minus_beta1 * d;
        float ui = descent::java_max(c.beta2 * e[ADAMAX_EXP_INF], descent::java_abs(d) + c.eps);
        e[ADAMAX_EXP_AVG] = mi;
        e[ADAMAX_EXP_INF] = ui;
        e[ADAMAX_PARAM] = param + -c.clr * mi / ui;
    }
};

DESCENT_OPTIMIZER_KERNEL(adamax_step, AdamaxArgs) {
    constexpr unsigned writes = 1u << ADAMAX_PARAM | 1u << ADAMAX_EXP_AVG | 1u << ADAMAX_EXP_INF;
    descent::apply_chunks<ADAMAX_SLOTS, writes>(tensors, chunks, num_chunks, present, AdamaxOp{args, clip});
}
