// vSGD-l and vSGD-fd (Schaul, Zhang & LeCun 2013; Schaul & LeCun 2013), the twin of
// dev.descent.reference.VsgdKernel, with h = |curvature|, s = grad_sq (or g*g) and hs = curvature_sq (or h*h). Slow-start step t:
// a = a + (1/t)*(x - a) for each average, v_avg = v_avg*C on the last one, the parameter unchanged.
// Otherwise: tau = tau + 1 for an outlier; each average a = a + (x - a)/tau;
// r = min(gg/(v/n + gg*(n-1)/n + eps), 1); tau = (1-r)*tau + 1; eta = r/(h + eps), for fd
// r*((h + eps)/(h2 + eps)); p = p - lr*eta*g. The curvature (and grad_sq) slots are inputs the host fills.
#include "multi_tensor.cuh"

// Field for field the components of dev.descent.kernel.VsgdCoefficients.
struct VsgdArgs {
    float lr;
    float eps;
    int sampling;
    float sample_weight;
    int finish_sampling;
    float slow_start_factor;
    float inv_batch;
    float batch_spread;
    int batch_squares;
    float outlier_level_sq;
    int finite_difference;
};

enum VsgdSlot {
    VSGD_PARAM, VSGD_GRAD, VSGD_G_AVG, VSGD_V_AVG, VSGD_H_AVG, VSGD_TAU, VSGD_CURVATURE, VSGD_GRAD_SQ, VSGD_H2_AVG,
    VSGD_CURVATURE_SQ, VSGD_SLOTS };

struct VsgdOp {
    VsgdArgs c;
    descent::GradientClip clip;

    __host__ __device__ __forceinline__ void operator()(float (&e)[VSGD_SLOTS]) const {
        float g = descent::clipped_gradient(e[VSGD_GRAD], clip);
        float sq = c.batch_squares ? e[VSGD_GRAD_SQ] : g * g;
        float h = descent::java_abs(e[VSGD_CURVATURE]);
        float hsq = c.finite_difference && c.batch_squares ? e[VSGD_CURVATURE_SQ] : h * h;
        float gb = e[VSGD_G_AVG];
        float vb = e[VSGD_V_AVG];
        float hb = e[VSGD_H_AVG];
        float h2b = c.finite_difference ? e[VSGD_H2_AVG] : 0.0f;
        if (c.sampling) {
            float w = c.sample_weight;
            gb = gb + w * (g - gb);
            vb = vb + w * (sq - vb);
            hb = hb + w * (h - hb);
            h2b = h2b + w * (hsq - h2b);
            if (c.finish_sampling) {
                vb = vb * c.slow_start_factor;
            }
        } else {
            float t = e[VSGD_TAU];
            if (c.outlier_level_sq > 0.0f) {
                float dg = g - gb;
                bool outlier = dg * dg > c.outlier_level_sq * ((vb - gb * gb) * c.inv_batch);
                if (c.finite_difference) {
                    float dh = h - hb;
                    outlier = outlier | (dh * dh > c.outlier_level_sq * ((h2b - hb * hb) * c.inv_batch));
                }
                if (outlier) {
                    t = t + 1.0f;
                }
            }
            // (1 - 1/tau)*a + (1/tau)*x without the reciprocal, which nvcc would emit as rcp.
            gb = gb + (g - gb) / t;
            vb = vb + (sq - vb) / t;
            hb = hb + (h - hb) / t;
            h2b = h2b + (hsq - h2b) / t;
            float gg = gb * gb;
            float r = descent::java_min(gg / (vb * c.inv_batch + gg * c.batch_spread + c.eps), 1.0f);
            e[VSGD_TAU] = (1.0f - r) * t + 1.0f;
            float rate = c.finite_difference ? r * ((hb + c.eps) / (h2b + c.eps)) : r / (hb + c.eps);
            e[VSGD_PARAM] = e[VSGD_PARAM] - c.lr * rate * g;
        }
        e[VSGD_G_AVG] = gb;
        e[VSGD_V_AVG] = vb;
        e[VSGD_H_AVG] = hb;
        e[VSGD_H2_AVG] = h2b;
    }
};

DESCENT_OPTIMIZER_KERNEL(vsgd_step, VsgdArgs) {
    constexpr unsigned writes = 1u << VSGD_PARAM | 1u << VSGD_G_AVG | 1u << VSGD_V_AVG | 1u << VSGD_H_AVG
            | 1u << VSGD_TAU | 1u << VSGD_H2_AVG;
    descent::apply_chunks<VSGD_SLOTS, writes>(tensors, chunks, num_chunks, present, VsgdOp{args, clip});
}
