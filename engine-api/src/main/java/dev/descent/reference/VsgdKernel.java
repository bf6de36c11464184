package dev.descent.reference;

import dev.descent.backend.ParameterSlots;
import dev.descent.cpu.CpuTensor;
import dev.descent.kernel.GradientClip;
import dev.descent.kernel.VsgdCoefficients;

/**
 * vSGD (Schaul, Zhang &amp; LeCun 2013, Algorithm 1; vSGD-fd after Schaul &amp; LeCun 2013), with
 * {@code h = |curvature|}, {@code s = grad_sq} (or {@code g²}) and {@code hs = curvature_sq} (or
 * {@code h·h}), which {@code h2̄} averages. Slow-start step {@code t}:
 * {@code a = a + (1/t)·(x - a)} for each average, {@code v̄ = v̄·C} on the last one, parameter unchanged.
 * Otherwise: {@code τ = τ + 1} for an outlier; {@code ḡ = ḡ + (g - ḡ)/τ; v̄ = v̄ + (s - v̄)/τ;
 * h̄ = h̄ + (h - h̄)/τ} (and {@code h2̄} with {@code h·h}), the paper's {@code (1 - 1/τ)·a + (1/τ)·x};
 * {@code r = min(ḡ²/(v̄/n + ḡ²·(n-1)/n + eps), 1)}; {@code τ = (1-r)·τ + 1};
 * {@code η = r/(h̄ + eps)} (fd: {@code r·((h̄ + eps)/(h2̄ + eps))}); {@code p = p - lr·η·g}.
 * The SIMD and CUDA kernels follow this order of operations exactly.
 */
final class VsgdKernel {
    private VsgdKernel() {
    }

    static void apply(VsgdCoefficients c, GradientClip clip, ParameterSlots s) {
        CpuTensor p = (CpuTensor) s.param();
        CpuTensor gr = (CpuTensor) s.grad();
        CpuTensor gAvg = (CpuTensor) s.state("g_avg");
        CpuTensor vAvg = (CpuTensor) s.state("v_avg");
        CpuTensor hAvg = (CpuTensor) s.state("h_avg");
        CpuTensor tau = (CpuTensor) s.state("tau");
        CpuTensor curvature = (CpuTensor) s.state("curvature");
        CpuTensor gradSq = c.batchSquares() ? (CpuTensor) s.state("grad_sq") : null;
        CpuTensor h2Avg = c.finiteDifference() ? (CpuTensor) s.state("h2_avg") : null;
        CpuTensor curvatureSq = c.curvatureSquares() ? (CpuTensor) s.state("curvature_sq") : null;
        for (long i = 0, n = p.size(); i < n; i++) {
            float g = Gradients.clipped(gr.getFloat(i), clip);
            float sq = gradSq != null ? gradSq.getFloat(i) : g * g;
            float h = Math.abs(curvature.getFloat(i));
            float hsq = curvatureSq != null ? curvatureSq.getFloat(i) : h * h;
            float gb = gAvg.getFloat(i);
            float vb = vAvg.getFloat(i);
            float hb = hAvg.getFloat(i);
            float h2b = h2Avg != null ? h2Avg.getFloat(i) : 0f;
            if (c.sampling()) {
                float w = c.sampleWeight();
                gb = gb + w * (g - gb);
                vb = vb + w * (sq - vb);
                hb = hb + w * (h - hb);
                h2b = h2b + w * (hsq - h2b);
                if (c.finishSampling()) {
                    vb = vb * c.slowStartFactor();
                }
            } else {
                float t = tau.getFloat(i);
                if (c.outlierLevelSq() > 0) {
                    float dg = g - gb;
                    boolean outlier = dg * dg > c.outlierLevelSq() * ((vb - gb * gb) * c.invBatch());
                    if (h2Avg != null) {
                        float dh = h - hb;
                        outlier = outlier | dh * dh > c.outlierLevelSq() * ((h2b - hb * hb) * c.invBatch());
                    }
                    if (outlier) {
                        t = t + 1f;
                    }
                }
                // (1 - 1/τ)·a + (1/τ)·x, written without the reciprocal (which CUDA would emit as rcp).
                gb = gb + (g - gb) / t;
                vb = vb + (sq - vb) / t;
                hb = hb + (h - hb) / t;
                h2b = h2b + (hsq - h2b) / t;
                float gg = gb * gb;
                float r = Math.min(gg / (vb * c.invBatch() + gg * c.batchSpread() + c.eps()), 1f);
                tau.setFloat(i, (1f - r) * t + 1f);
                float rate = h2Avg != null ? r * ((hb + c.eps()) / (h2b + c.eps())) : r / (hb + c.eps());
                p.setFloat(i, p.getFloat(i) - c.lr() * rate * g);
            }
            gAvg.setFloat(i, gb);
            vAvg.setFloat(i, vb);
            hAvg.setFloat(i, hb);
            if (h2Avg != null) {
                h2Avg.setFloat(i, h2b);
            }
        }
    }
}
