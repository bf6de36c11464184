// torch.optim.Adagrad, the twin of dev.descent.reference.AdagradKernel:
// s = s + d*d; p = p + (-clr)*d / (sqrt(s) + eps).
#include "multi_tensor.cuh"

// Field for field the components of dev.descent.kernel.AdagradCoefficients.
struct AdagradArgs {
    float clr;
    float eps;
    float weight_decay;
    int maximize;
};

enum AdagradSlot { ADAGRAD_PARAM, ADAGRAD_GRAD, ADAGRAD_SUM, ADAGRAD_SLOTS };

struct AdagradOp {
    AdagradArgs c;
    descent::GradientClip clip;

    __host__ __device__ __forceinline__ void operator()(float (&e)[ADAGRAD_SLOTS]) const {
        float param = e[ADAGRAD_PARAM];
        float d = descent::effective_gradient(e[ADAGRAD_GRAD], param, c.weight_decay, c.maximize, clip);
        float si = e[ADAGRAD_SUM] + d * d;
        e[ADAGRAD_SUM] = si;
        float std = descent::sqrt_rn(si) + c.eps;
        e[ADAGRAD_PARAM] = param + -c.clr * d / std;
    }
};

DESCENT_OPTIMIZER_KERNEL(adagrad_step, AdagradArgs) {
    constexpr unsigned writes = 1u << ADAGRAD_PARAM | 1u << ADAGRAD_SUM;
    descent::apply_chunks<ADAGRAD_SLOTS, writes>(tensors, chunks, num_chunks, present, AdagradOp{args, clip});
}
