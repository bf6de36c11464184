package dev.descent.objective;

import dev.descent.backend.Backend;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The quadratic {@code f(x) = ½xᵀAx − bᵀx} for a symmetric {@code A}, started at {@code x0 = (1, …, 1)};
 * for a positive definite {@code A} its minimizer solves {@code Ax = b}. Gradient {@code Ax − b}, Hessian
 * and Gauss–Newton matrix {@code A}, diagonal curvature {@code diag(A)}.
 *
 * <p>Built in two forms: a diagonal {@code A} (the default problem:
 * {@code A = diag(logspace(0, log₁₀κ, n))}, b = 0, as in the SciPy comparison), stored as its
 * {@code n} diagonal entries; or a dense {@code A} ({@code n²} doubles on the host, hence
 * {@link #MAX_DENSE_DIMENSION}), such as a seeded random SPD matrix of condition number κ.
 *
 * <p>Evaluated on the backend of {@code x}: {@code A}, {@code b} and {@code diag(A)} are copied to it
 * once, on first use ({@link #close()} releases them), and {@code Ax} is the backend's {@code
 * multiply} (diagonal) or {@code matVec} (dense) kernel.
 */
public final class Quadratic extends AbstractObjective {

    /** Largest n of a dense quadratic: its matrix takes n² doubles and O(n³) work to build. */
    public static final int MAX_DENSE_DIMENSION = 1024;

    private final double[] diagonal; // null when dense
    private final double[] matrix; // row-major n×n; null when diagonal
    private final double[] b;
    private final boolean bIsZero;
    private final ResidentData<Resident> resident = new ResidentData<>(this::makeResident);

    /**
     * {@code A} on one backend: {@code diagonal} is {@code A} itself when {@code matrix} is null;
     * {@code b} is null when it is zero (the default problem), saving a pass per evaluation.
     */
    private record Resident(Tensor matrix, Tensor diagonal, Tensor b) {
    }

    private Quadratic(int n, double[] diagonal, double[] matrix, double[] b) {
        super("quadratic", n);
        this.diagonal = diagonal;
        this.matrix = matrix;
        this.b = b;
        this.bIsZero = Arrays.stream(b).allMatch(v -> v == 0);
    }

    /** {@code A = diag(d)}, {@code b} as given (copied). */
    public static Quadratic ofDiagonal(double[] d, double[] b) {
        if (d.length != b.length) {
            throw new IllegalArgumentException("quadratic: diagonal has " + d.length + " entries but b has " + b.length);
        }
        return new Quadratic(d.length, d.clone(), null, b.clone());
    }

    /** A dense symmetric {@code A} ({@code n×n}, row-major, copied) and {@code b}. */
    public static Quadratic ofMatrix(int n, double[] a, double[] b) {
        if (n > MAX_DENSE_DIMENSION) {
            throw new IllegalArgumentException("quadratic: a dense matrix needs n ≤ " + MAX_DENSE_DIMENSION + ", got n = " + n);
        }
        if (a.length != (long) n * n || b.length != n) {
            throw new IllegalArgumentException("quadratic: n = " + n + " needs an " + n + "×" + n + " matrix and " + n
                    + " entries of b, got " + a.length + " and " + b.length);
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                if (a[i * n + j] != a[j * n + i]) {
                    throw new IllegalArgumentException("quadratic: the matrix is not symmetric: A[" + i + "][" + j + "] = "
                            + a[i * n + j] + " but A[" + j + "][" + i + "] = " + a[j * n + i]);
                }
            }
        }
        return new Quadratic(n, null, a.clone(), b.clone());
    }

    /** The default problem: {@code A = diag(logspace(0, log₁₀ cond, n))}, {@code b = 0}. */
    public static Quadratic logspaceDiagonal(int n, double cond) {
        return ofDiagonal(eigenvalues(n, cond), new double[n]);
    }

    /**
     * A dense SPD {@code A = Q·diag(logspace(0, log₁₀ cond, n))·Qᵀ} with {@code Q} orthonormalised from a
     * seeded Gaussian matrix (so A has condition number {@code cond} and a random eigenbasis), {@code b = 0}.
     */
    public static Quadratic denseSpd(int n, double cond, long seed) {
        if (n > MAX_DENSE_DIMENSION) {
            throw new IllegalArgumentException("quadratic: a dense matrix needs n ≤ " + MAX_DENSE_DIMENSION + ", got n = " + n);
        }
        double[] lambda = eigenvalues(n, cond);
        double[][] q = orthonormalColumns(n, seed); // q[k] is column k
        double[] a = new double[n * n];
        for (int k = 0; k < n; k++) {
            double[] col = q[k];
            double l = lambda[k];
            for (int i = 0; i < n; i++) {
                double li = l * col[i];
                for (int j = i; j < n; j++) {
                    a[i * n + j] += li * col[j];
                }
            }
        }
        for (int i = 0; i < n; i++) { // mirror the upper triangle: exactly symmetric
            for (int j = i + 1; j < n; j++) {
                a[j * n + i] = a[i * n + j];
            }
        }
        return new Quadratic(n, null, a, new double[n]);
    }

    /** {@code logspace(0, log₁₀ cond, n)}: 1 … cond, geometrically spaced. */
    static double[] eigenvalues(int n, double cond) {
        if (!(cond >= 1) || Double.isInfinite(cond)) {
            throw new IllegalArgumentException("cond = " + cond + " is invalid: must be in [1, ∞)");
        }
        if (n < 1) {
            throw new IllegalArgumentException("problem 'quadratic' needs n ≥ 1, got n = " + n);
        }
        double[] d = new double[n];
        double top = Math.log10(cond);
        for (int i = 0; i < n; i++) {
            d[i] = n == 1 ? 1 : Math.pow(10, top * i / (n - 1));
        }
        return d;
    }

    /** Gram–Schmidt, applied twice for orthogonality to rounding ("twice is enough", Giraud et al. 2005). */
    private static double[][] orthonormalColumns(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] q = new double[n][n];
        for (int k = 0; k < n; k++) {
            double[] v = q[k];
            for (int i = 0; i < n; i++) {
                v[i] = gaussian(random);
            }
            for (int pass = 0; pass < 2; pass++) {
                for (int j = 0; j < k; j++) {
                    double dot = 0;
                    for (int i = 0; i < n; i++) {
                        dot += q[j][i] * v[i];
                    }
                    for (int i = 0; i < n; i++) {
                        v[i] -= dot * q[j][i];
                    }
                }
            }
            double norm = 0;
            for (double x : v) {
                norm += x * x;
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < n; i++) {
                v[i] /= norm;
            }
        }
        return q;
    }

    /** A standard normal deviate (Box–Muller), so the data depend only on the seed. */
    static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble(); // (0, 1]
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    /** The same A with the linear term {@code b} (copied). */
    public Quadratic withB(double[] b) {
        if (b.length != dimension()) {
            throw new IllegalArgumentException("quadratic: n = " + dimension() + " but b has " + b.length + " entries");
        }
        return new Quadratic(dimension(), diagonal, matrix, b.clone());
    }

    /** Whether A is stored as its diagonal. */
    public boolean isDiagonal() {
        return diagonal != null;
    }

    /** A copy of {@code b}. */
    public double[] b() {
        return b.clone();
    }

    @Override
    public double[] startingValues() {
        double[] x0 = new double[dimension()];
        Arrays.fill(x0, 1);
        return x0;
    }

    /** {@code f = ½xᵀAx − bᵀx = ½xᵀ(Ax) − bᵀx}, {@code ∇f = Ax − b}. */
    @Override
    public double valueAndGradient(Tensor x, Tensor gradient) {
        requireSize(x, "x");
        requireSize(gradient, "gradient");
        Resident r = resident.on(x);
        Backend backend = x.backend();
        multiply(r, x, gradient);
        if (r.b() == null) {
            return 0.5 * backend.vectorOps().dot(x, gradient);
        }
        double[] xAxAndBx = new double[2];
        backend.vectorOps().dots(new Tensor[] {x}, new Tensor[] {gradient, r.b()}, xAxAndBx); // one pass for both
        backend.vectorOps().axpy(-1, r.b(), gradient);
        return 0.5 * xAxAndBx[0] - xAxAndBx[1];
    }

    @Override
    public boolean hasExactHessianVectorProduct() {
        return true;
    }

    @Override
    public void hessianVectorProduct(Tensor x, Tensor v, Tensor out) {
        requireSize(x, "x");
        requireSize(v, "v");
        requireSize(out, "out");
        multiply(resident.on(x), v, out);
    }

    @Override
    public boolean hasGaussNewtonVectorProduct() {
        return true;
    }

    @Override
    public void gaussNewtonVectorProduct(Tensor x, Tensor v, Tensor out) {
        hessianVectorProduct(x, v, out);
    }

    @Override
    public boolean hasDiagonalCurvature() {
        return true;
    }

    @Override
    public void diagonalCurvature(Tensor x, Tensor out) {
        requireSize(x, "x");
        requireSize(out, "out");
        x.backend().vectorOps().copy(resident.on(x).diagonal(), out);
    }

    /** Releases the copies of {@code A} and {@code b} on the backends. */
    @Override
    public void close() {
        resident.close();
    }

    /** {@code out ← A·v} on the backend. */
    private static void multiply(Resident r, Tensor v, Tensor out) {
        if (r.matrix() == null) {
            v.backend().vectorOps().multiply(r.diagonal(), v, out);
        } else {
            v.backend().objectiveKernels().matVec(r.matrix(), v, out);
        }
    }

    private Resident makeResident(OwnedTensors tensors, DType dtype, long[] shape) {
        int n = dimension();
        Tensor b = bIsZero ? null : tensors.upload("quadratic.b", dtype, this.b, shape);
        if (diagonal != null) {
            return new Resident(null, tensors.upload("quadratic.A", dtype, diagonal, shape), b);
        }
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = matrix[i * n + i];
        }
        Tensor a = tensors.upload("quadratic.A", dtype, matrix, n, n);
        return new Resident(a, tensors.upload("quadratic.diagA", dtype, d, shape), b);
    }
}
