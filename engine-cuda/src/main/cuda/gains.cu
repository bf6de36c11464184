// Adaptive local gains (Hinton, lecture 6d; Jacobs 1988), the twin of dev.descent.reference.GainsKernel:
// gain + delta when d*d_prev > 0 (or -d*vel > 0), gain*(1-delta) when < 0 (or not > 0 with shrink_on_zero),
// clamped;
// vel = mu*vel - lr*gain*d, p = p + vel with momentum or velocity comparison, else p = p - lr*gain*d.
#include "multi_tensor.cuh"

// Field for field the components of dev.descent.kernel.GainsCoefficients.
struct GainsArgs {
    float lr;
    float increment;
    float decay;
    float min_gain;
    float max_gain;
    float momentum;
    int compare_with_velocity;
    float weight_decay;
    int maximize;
    int shrink_on_zero;
};

enum GainsSlot { GAINS_PARAM, GAINS_GRAD, GAINS_GAIN, GAINS_PREV_GRAD, GAINS_VELOCITY, GAINS_SLOTS };

struct GainsOp {
    GainsArgs c;
    descent::GradientClip clip;
    bool use_velocity;

    __host__ __device__ __forceinline__ void operator()(float (&e)[GAINS_SLOTS]) const {
        float param = e[GAINS_PARAM];
        float d = descent::effective_gradient(e[GAINS_GRAD], param, c.weight_decay, c.maximize, clip);
        float vel = use_velocity ? e[GAINS_VELOCITY] : 0.0f;
        float agreement = c.compare_with_velocity ? -d * vel : d * e[GAINS_PREV_GRAD];
        float gi = e[GAINS_GAIN];
        // An agreement of exactly 0 leaves the gain alone, unless shrink_on_zero takes the lecture's "else" branch.
        gi = agreement > 0.0f ? gi + c.increment : agreement < 0.0f || c.shrink_on_zero ? gi * c.decay : gi;
        gi = descent::java_min(descent::java_max(gi, c.min_gain), c.max_gain);
        e[GAINS_GAIN] = gi;
        if (use_velocity) {
            vel = c.momentum * vel - c.lr * gi * d;
            e[GAINS_VELOCITY] = vel;
            e[GAINS_PARAM] = param + vel;
        } else {
            e[GAINS_PARAM] = param - c.lr * gi * d;
        }
        e[GAINS_PREV_GRAD] = d;
    }
};

DESCENT_OPTIMIZER_KERNEL(gains_step, GainsArgs) {
    constexpr unsigned writes = 1u << GAINS_PARAM | 1u << GAINS_GAIN | 1u << GAINS_PREV_GRAD | 1u << GAINS_VELOCITY;
    const bool use_velocity = args.momentum > 0.0f || args.compare_with_velocity;
    descent::apply_chunks<GAINS_SLOTS, writes>(tensors, chunks, num_chunks, present, GainsOp{args, clip, use_velocity});
}
