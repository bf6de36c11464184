// torch.optim.Adadelta, the twin of dev.descent.reference.AdadeltaKernel:
// v = rho*v + (1-rho)*d*d; delta = sqrt(u+eps) / sqrt(v+eps) * d; u = rho*u + (1-rho)*delta*delta;
// p = p - lr*delta.
#include "multi_tensor.cuh"

// Field for field the components of dev.descent.kernel.AdadeltaCoefficients.
struct AdadeltaArgs {
    float lr;
    float rho;
    float one_minus_rho;
    float eps;
    float weight_decay;
    int maximize;
};

enum AdadeltaSlot { ADADELTA_PARAM, ADADELTA_GRAD, ADADELTA_SQUARE_AVG, ADADELTA_ACC_DELTA, ADADELTA_SLOTS };

struct AdadeltaOp {
    AdadeltaArgs c;
    descent::GradientClip clip;

    __host__ __device__ __forceinline__ void operator()(float (&e)[ADADELTA_SLOTS]) const {
        float param = e[ADADELTA_PARAM];
        float d = descent::effective_gradient(e[ADADELTA_GRAD], param, c.weight_decay, c.maximize, clip);
        float v = c.rho * e[ADADELTA_SQUARE_AVG] + c.one_minus_rho * d * d;
        e[ADADELTA_SQUARE_AVG] = v;
        float std = descent::sqrt_rn(v + c.eps);
        float u = e[ADADELTA_ACC_DELTA];
        float delta = descent::sqrt_rn(u + c.eps) / std * d;
        e[ADADELTA_ACC_DELTA] = c.rho * u + c.one_minus_rho * delta * delta;
        e[ADADELTA_PARAM] = param - c.lr * delta;
    }
};

DESCENT_OPTIMIZER_KERNEL(adadelta_step, AdadeltaArgs) {
    constexpr unsigned writes = 1u << ADADELTA_PARAM | 1u << ADADELTA_SQUARE_AVG | 1u << ADADELTA_ACC_DELTA;
    descent::apply_chunks<ADADELTA_SLOTS, writes>(tensors, chunks, num_chunks, present, AdadeltaOp{args, clip});
}
