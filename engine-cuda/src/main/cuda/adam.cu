// torch.optim.Adam and AdamW, the twin of dev.descent.reference.AdamKernel: p = p*(1-lr*lambda) (AdamW);
// m = b1*m + (1-b1)*d; v = b2*v + (1-b2)*d*d; p = p + (-lr/bc1)*m / (sqrt(v)/sqrt(bc2) + eps), with v
// replaced by its running maximum under AMSGrad.
#include "multi_tensor.cuh"

// Field for field the components of dev.descent.kernel.AdamCoefficients.
struct AdamArgs {
    float step_size;
    float bias_correction2_sqrt;
    float beta1;
    float one_minus_beta1;
    float beta2;
    float one_minus_beta2;
    float eps;
    float weight_decay;
    float decay_factor;
    int amsgrad;
    int maximize;
};

enum AdamSlot { ADAM_PARAM, ADAM_GRAD, ADAM_EXP_AVG, ADAM_EXP_AVG_SQ, ADAM_MAX_EXP_AVG_SQ, ADAM_SLOTS };

struct AdamOp {
    AdamArgs c;
    descent::GradientClip clip;

    __host__ __device__ __forceinline__ void operator()(float (&e)[ADAM_SLOTS]) const {
        float param = e[ADAM_PARAM] * c.decay_factor;
        float d = descent::effective_gradient(e[ADAM_GRAD], param, c.weight_decay, c.maximize, clip);
        float mi = c.beta1 * e[ADAM_EXP_AVG] + c.one_minus_beta1 * d;
        float vi = c.beta2 * e[ADAM_EXP_AVG_SQ] + c.one_minus_beta2 * d * d;
        e[ADAM_EXP_AVG] = mi;
        e[ADAM_EXP_AVG_SQ] = vi;
        if (c.amsgrad) {
            vi = descent::java_max(e[ADAM_MAX_EXP_AVG_SQ], vi);
            e[ADAM_MAX_EXP_AVG_SQ] = vi;
        }
        float denom = descent::sqrt_rn(vi) / c.bias_correction2_sqrt + c.eps;
        e[ADAM_PARAM] = param + -c.step_size * mi / denom;
    }
};

DESCENT_OPTIMIZER_KERNEL(adam_step, AdamArgs) {
    constexpr unsigned writes = 1u << ADAM_PARAM | 1u << ADAM_EXP_AVG | 1u << ADAM_EXP_AVG_SQ | 1u << ADAM_MAX_EXP_AVG_SQ;
    descent::apply_chunks<ADAM_SLOTS, writes>(tensors, chunks, num_chunks, present, AdamOp{args, clip});
}
