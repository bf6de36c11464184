package dev.descent.reference;

import dev.descent.cpu.CpuTensor;
import dev.descent.tensor.DType;

/**
 * The vector operations, one element at a time. float32 tensors compute in float (the scalar
 * rounded once), float64 in double; reductions accumulate in double, left to right.
 */
final class ReferenceVectorOps {
    private ReferenceVectorOps() {
    }

    static void axpy(double alpha, CpuTensor x, CpuTensor y) {
        long n = x.size();
        if (x.dtype() == DType.FLOAT32) {
            float a = (float) alpha;
            for (long i = 0; i < n; i++) {
                y.setFloat(i, a * x.getFloat(i) + y.getFloat(i));
            }
        } else {
            for (long i = 0; i < n; i++) {
                y.setDouble(i, alpha * x.getDouble(i) + y.getDouble(i));
            }
        }
    }

    static void scale(double alpha, CpuTensor x) {
        long n = x.size();
        if (x.dtype() == DType.FLOAT32) {
            float a = (float) alpha;
            for (long i = 0; i < n; i++) {
                x.setFloat(i, a * x.getFloat(i));
            }
        } else {
            for (long i = 0; i < n; i++) {
                x.setDouble(i, alpha * x.getDouble(i));
            }
        }
    }

    static void copy(CpuTensor src, CpuTensor dst) {
        for (long i = 0, n = src.size(); i < n; i++) {
            dst.set(i, src.get(i));
        }
    }

    static void fill(CpuTensor x, double value) {
        for (long i = 0, n = x.size(); i < n; i++) {
            x.set(i, value);
        }
    }

    static void multiply(CpuTensor a, CpuTensor b, CpuTensor out) {
        long n = a.size();
        if (a.dtype() == DType.FLOAT32) {
            for (long i = 0; i < n; i++) {
                out.setFloat(i, a.getFloat(i) * b.getFloat(i));
            }
        } else {
            for (long i = 0; i < n; i++) {
                out.setDouble(i, a.getDouble(i) * b.getDouble(i));
            }
        }
    }

    static void divide(CpuTensor a, CpuTensor b, CpuTensor out) {
        long n = a.size();
        if (a.dtype() == DType.FLOAT32) {
            for (long i = 0; i < n; i++) {
                out.setFloat(i, a.getFloat(i) / b.getFloat(i));
            }
        } else {
            for (long i = 0; i < n; i++) {
                out.setDouble(i, a.getDouble(i) / b.getDouble(i));
            }
        }
    }

    /** Σ aᵢbᵢ in double: float32 products are exact in double, so only the sum rounds. */
    static double dot(CpuTensor a, CpuTensor b) {
        double sum = 0;
        for (long i = 0, n = a.size(); i < n; i++) {
            sum += a.get(i) * b.get(i);
        }
        return sum;
    }

    static double norm2(CpuTensor x) {
        return Math.sqrt(dot(x, x));
    }

    static double maxAbs(CpuTensor x) {
        double max = 0;
        for (long i = 0, n = x.size(); i < n; i++) {
            double v = Math.abs(x.get(i));
            if (Double.isNaN(v)) {
                return Double.NaN;
            }
            max = Math.max(max, v);
        }
        return max;
    }

    static boolean hasNonFinite(CpuTensor x) {
        for (long i = 0, n = x.size(); i < n; i++) {
            if (!Double.isFinite(x.get(i))) {
                return true;
            }
        }
        return false;
    }

    static void dots(CpuTensor[] a, CpuTensor[] b, double[] out) {
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                out[i * b.length + j] = dot(a[i], b[j]);
            }
        }
    }

    /** Each element in double, terms in order, rounded once. */
    static void linearCombination(double[] c, CpuTensor[] v, CpuTensor out) {
        for (long i = 0, n = out.size(); i < n; i++) {
            double sum = c[0] * v[0].get(i);
            for (int k = 1; k < v.length; k++) {
                sum += c[k] * v[k].get(i);
            }
            out.set(i, sum);
        }
    }
}
