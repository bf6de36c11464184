// Rprop, the twin of dev.descent.reference.RpropKernel (iRprop- is torch.optim.Rprop): s = d*prev;
// step = clamp(step * (s>0 ? eta+ : s<0 ? eta- : 1), min, max); then move by -sign(d)*step, or on s<0
// skip (iRprop-) or undo the previous update (Rprop+, and iRprop+ when the loss rose).
#include "multi_tensor.cuh"

// dev.descent.kernel.RpropVariant, by ordinal.
enum RpropVariantCode { RPROP_PLUS, RPROP_MINUS, IRPROP_MINUS, IRPROP_PLUS };

// Field for field the components of dev.descent.kernel.RpropCoefficients (the variant as its ordinal;
// backtrack decided on the host, by dev.descent.optim.Rprop: Rprop+ always, iRprop+ when the loss rose).
struct RpropArgs {
    float eta_minus;
    float eta_plus;
    float min_step;
    float max_step;
    int variant;
    int maximize;
    int backtrack;
};

enum RpropSlot { RPROP_PARAM, RPROP_GRAD, RPROP_PREV, RPROP_STEP_SIZE, RPROP_PREV_UPDATE, RPROP_SLOTS };

struct RpropOp {
    RpropArgs c;
    descent::GradientClip clip;

    __host__ __device__ __forceinline__ void operator()(float (&e)[RPROP_SLOTS]) const {
        float param = e[RPROP_PARAM];
        float d = descent::effective_gradient(e[RPROP_GRAD], param, 0.0f, c.maximize, clip);
        float agreement = d * e[RPROP_PREV];
        float factor = agreement > 0.0f ? c.eta_plus : agreement < 0.0f ? c.eta_minus : 1.0f;
        float delta = descent::java_min(descent::java_max(e[RPROP_STEP_SIZE] * factor, c.min_step), c.max_step);
        e[RPROP_STEP_SIZE] = delta;
        switch (c.variant) {
            case IRPROP_MINUS:
                if (agreement < 0.0f) {
                    d = 0.0f;
                }
                e[RPROP_PARAM] = param - descent::java_signum(d) * delta;
                e[RPROP_PREV] = d;
                break;
            case RPROP_MINUS:
                e[RPROP_PARAM] = param - descent::java_signum(d) * delta;
                e[RPROP_PREV] = d;
                break;
            default: {  // RPROP_PLUS, IRPROP_PLUS
                float w;
                if (agreement < 0.0f) {
                    w = c.backtrack ? -e[RPROP_PREV_UPDATE] : 0.0f;
                    if (c.backtrack) {
                        e[RPROP_PARAM] = param + w;
                    }
                    e[RPROP_PREV] = 0.0f;
                } else {
                    w = -descent::java_signum(d) * delta;
                    e[RPROP_PARAM] = param + w;
                    e[RPROP_PREV] = d;
                }
                e[RPROP_PREV_UPDATE] = w;
                break;
            }
        }
    }
};

DESCENT_OPTIMIZER_KERNEL(rprop_step, RpropArgs) {
    constexpr unsigned writes = 1u << RPROP_PARAM | 1u << RPROP_PREV | 1u << RPROP_STEP_SIZE | 1u << RPROP_PREV_UPDATE;
    descent::apply_chunks<RPROP_SLOTS, writes>(tensors, chunks, num_chunks, present, RpropOp{args, clip});
}
