// torch.optim.RMSprop, the twin of dev.descent.reference.RmspropKernel: v = alpha*v + (1-alpha)*d*d;
// avg = sqrt(v + (-1)*ga*ga) + eps (centered, ga = alpha*ga + (1-alpha)*d) or sqrt(v) + eps;
// b = mu*b + d/avg, p = p - lr*b with momentum, else p = p + (-lr)*d/avg.
#include "multi_tensor.cuh"

// Field for field the components of dev.descent.kernel.RmspropCoefficients.
struct RmspropArgs {
    float lr;
    float alpha;
    float one_minus_alpha;
    float eps;
    float weight_decay;
    float momentum;
    int centered;
    int maximize;
};

enum RmspropSlot {
    RMSPROP_PARAM, RMSPROP_GRAD, RMSPROP_SQUARE_AVG, RMSPROP_MOMENTUM_BUFFER, RMSPROP_GRAD_AVG, RMSPROP_SLOTS
};

struct RmspropOp {
    RmspropArgs c;
    descent::GradientClip clip;

    __host__ __device__ __forceinline__ void operator()(float (&e)[RMSPROP_SLOTS]) const {
        float param = e[RMSPROP_PARAM];
        float d = descent::effective_gradient(e[RMSPROP_GRAD], param, c.weight_decay, c.maximize, clip);
        float v = c.alpha * e[RMSPROP_SQUARE_AVG] + c.one_minus_alpha * d * d;
        e[RMSPROP_SQUARE_AVG] = v;
        float avg;
        if (c.centered) {
            float ga = c.alpha * e[RMSPROP_GRAD_AVG] + c.one_minus_alpha * d;
            e[RMSPROP_GRAD_AVG] = ga;
            // torch's square_avg.addcmul(grad_avg, grad_avg, value=-1): no clamp at 0, as the reference.
            avg = descent::sqrt_rn(v + -1.0f * ga * ga);
        } else {
            avg = descent::sqrt_rn(v);
        }
        avg = avg + c.eps;
        if (c.momentum > 0.0f) {
            float b = c.momentum * e[RMSPROP_MOMENTUM_BUFFER] + d / avg;
            e[RMSPROP_MOMENTUM_BUFFER] = b;
            e[RMSPROP_PARAM] = param - c.lr * b;
        } else {
            e[RMSPROP_PARAM] = param + -c.lr * d / avg;
        }
    }
};

DESCENT_OPTIMIZER_KERNEL(rmsprop_step, RmspropArgs) {
    constexpr unsigned writes =
            1u << RMSPROP_PARAM | 1u << RMSPROP_SQUARE_AVG | 1u << RMSPROP_MOMENTUM_BUFFER | 1u << RMSPROP_GRAD_AVG;
    descent::apply_chunks<RMSPROP_SLOTS, writes>(tensors, chunks, num_chunks, present, RmspropOp{args, clip});
}
