package dev.descent.minimize;

import dev.descent.backend.Backend;
import dev.descent.tensor.Tensor;

/**
 * A small set of backend vectors {@code bⱼ = σⱼ·tⱼ} (a tensor {@code tⱼ} times a host scale {@code
 * σⱼ}) in numbered slots, and their Gram matrix {@code Bᵢⱼ = bᵢᵀbⱼ} on the host: the bookkeeping of
 * vector-free L-BFGS (Chen, Wang &amp; Zhou, "Large-scale L-BFGS using MapReduce", NIPS 2014). Every
 * vector the method needs is a combination {@code Σⱼ cⱼbⱼ} of the basis, so an inner product of two
 * such vectors is the host quadratic form {@code cᵀBc'} and only the final combination touches the
 * backend.
 *
 * <p>The matrix is kept up to date incrementally: slots that get a new vector are {@linkplain
 * #measure measured} against every occupied slot in one {@link dev.descent.backend.VectorOps#dots dots} call, one pass
 * over the distinct tensors, and the other entries stay. An entry the caller knows without a pass
 * (from other entries, or from a slope the line search computed) is {@linkplain #set set}; one
 * neither measured nor set since its slot was filled is NaN, so that a use of it shows. The scale
 * lets a vector that is a multiple of a tensor already on the backend (L-BFGS's {@code s = α·d})
 * join the basis without a pass to form it: its entries and coefficients are scaled on the host.
 */
final class GramBasis {

    private final Backend backend;
    private final Tensor[] tensors;
    private final double[] scales;
    private final double[][] gram;

    /** An empty basis of {@code size} slots whose tensors live on {@code backend}. */
    GramBasis(Backend backend, int size) {
        this.backend = backend;
        this.tensors = new Tensor[size];
        this.scales = new double[size];
        this.gram = new double[size][size];
    }

    /** The number of slots. */
    int size() {
        return tensors.length;
    }

    /** Whether {@code slot} holds a vector. */
    boolean occupied(int slot) {
        return tensors[slot] != null;
    }

    /**
     * Puts {@code scale·tensor} into {@code slot}. Its inner products are NaN until they are
     * {@linkplain #measure measured} or {@linkplain #set set}.
     */
    void put(int slot, Tensor tensor, double scale) {
        tensors[slot] = tensor;
        scales[slot] = scale;
        for (int j = 0; j < gram.length; j++) {
            gram[slot][j] = Double.NaN;
            gram[j][slot] = Double.NaN;
        }
    }

    /** Empties {@code slot}; its tensor is left as it is. */
    void remove(int slot) {
        tensors[slot] = null;
    }

    /**
     * Computes the inner products of the vectors in {@code fresh} with every occupied slot (the
     * fresh ones included) in one {@code dots} call, and stores them on both sides of the diagonal.
     */
    void measure(int... fresh) {
        int[] all = occupiedSlots();
        Tensor[] a = new Tensor[fresh.length];
        for (int i = 0; i < fresh.length; i++) {
            a[i] = tensors[fresh[i]];
        }
        Tensor[] b = new Tensor[all.length];
        for (int j = 0; j < all.length; j++) {
            b[j] = tensors[all[j]];
        }
        double[] products = new double[a.length * b.length];
        backend.vectorOps().dots(a, b, products);
        for (int i = 0; i < fresh.length; i++) {
            int p = fresh[i];
            for (int j = 0; j < all.length; j++) {
                int q = all[j];
                double v = scales[p] * scales[q] * products[i * b.length + j];
                gram[p][q] = v;
                gram[q][p] = v;
            }
        }
    }

    /** Sets {@code bᵢᵀbⱼ} (both sides of the diagonal) to a value known without a pass. */
    void set(int i, int j, double value) {
        gram[i][j] = value;
        gram[j][i] = value;
    }

    /** {@code bᵢᵀbⱼ}. */
    double dot(int i, int j) {
        return gram[i][j];
    }

    /**
     * {@code bᵢᵀ(Σⱼ cⱼbⱼ) = Σⱼ Bᵢⱼcⱼ} over the occupied slots, on the host. Only the entries of
     * nonzero coefficients are read, so an entry the caller never needs may stay unknown.
     *
     * @param coefficients one per slot; those of empty slots are ignored
     */
    double dot(int i, double[] coefficients) {
        double sum = 0;
        for (int j = 0; j < tensors.length; j++) {
            if (tensors[j] != null && coefficients[j] != 0) {
                sum += gram[i][j] * coefficients[j];
            }
        }
        return sum;
    }

    /**
     * {@code out ← Σⱼ cⱼbⱼ} over the occupied slots whose coefficient is not zero, in one {@code
     * linearCombination} call (slots ascending); {@code out ← 0} if there is none. {@code out} must
     * not be a tensor of the basis.
     *
     * @param coefficients one per slot; those of empty slots are ignored
     */
    void combine(double[] coefficients, Tensor out) {
        int terms = 0;
        for (int j = 0; j < tensors.length; j++) {
            if (tensors[j] != null && coefficients[j] != 0) {
                terms++;
            }
        }
        if (terms == 0) {
            backend.vectorOps().fill(out, 0);
            return;
        }
        double[] c = new double[terms];
        Tensor[] v = new Tensor[terms];
        int k = 0;
        for (int j = 0; j < tensors.length; j++) {
            if (tensors[j] != null && coefficients[j] != 0) {
                c[k] = coefficients[j] * scales[j];
                v[k] = tensors[j];
                k++;
            }
        }
        backend.vectorOps().linearCombination(c, v, out);
    }

    private int[] occupiedSlots() {
        int count = 0;
        for (Tensor t : tensors) {
            if (t != null) {
                count++;
            }
        }
        int[] slots = new int[count];
        int k = 0;
        for (int j = 0; j < tensors.length; j++) {
            if (tensors[j] != null) {
                slots[k++] = j;
            }
        }
        return slots;
    }
}
