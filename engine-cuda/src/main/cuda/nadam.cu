// torch.optim.NAdam (torch >= 2.0), the twin of dev.descent.reference.NadamKernel: m = b1*m + (1-b1)*d;
// v = b2*v + (1-b2)*d*d; den = sqrt(v/bc2) + eps; p = p + c_g*d/den; p = p + c_m*m/den.
#include "multi_tensor.cuh"

// Field for field the components of dev.descent.kernel.NadamCoefficients.
struct NadamArgs {
    float grad_coefficient;
    float avg_coefficient;
    float beta1;
    float one_minus_beta1;
    float beta2;
    float one_minus_beta2;
    float bias_correction2;
    float eps;
    float weight_decay;
    int maximize;
};

enum NadamSlot { NADAM_PARAM, NADAM_GRAD, NADAM_EXP_AVG, NADAM_EXP_AVG_SQ, NADAM_SLOTS };

struct NadamOp {
    NadamArgs c;
    descent::GradientClip clip;

    __host__ __device__ __forceinline__ void operator()(float (&e)[NADAM_SLOTS]) const {
        float param = e[NADAM_PARAM];
        float d = descent::effective_gradient(e[NADAM_GRAD], param, c.weight_decay, c.maximize, clip);
        float mi = c.beta1 * e[NADAM_EXP_AVG] + c.one_minus_beta1 * d;
        float vi = c.beta2 * e[NADAM_EXP_AVG_SQ] + c.one_minus_beta2 * d * d;
        e[NADAM_EXP_AVG] = mi;
        e[NADAM_EXP_AVG_SQ] = vi;
        float denom = descent::sqrt_rn(vi / c.bias_correction2) + c.eps;
        param = param + c.grad_coefficient * d / denom;
        e[NADAM_PARAM] = param + c.avg_coefficient * mi / denom;
    }
};

DESCENT_OPTIMIZER_KERNEL(nadam_step, NadamArgs) {
    constexpr unsigned writes = 1u << NADAM_PARAM | 1u << NADAM_EXP_AVG | 1u << NADAM_EXP_AVG_SQ;
    descent::apply_chunks<NADAM_SLOTS, writes>(tensors, chunks, num_chunks, present, NadamOp{args, clip});
}
