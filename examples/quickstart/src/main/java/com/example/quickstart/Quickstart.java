package com.example.quickstart;

import dev.descent.backend.Backend;
import dev.descent.backend.Backends;
import dev.descent.minimize.MinimizeResult;
import dev.descent.minimize.Minimizers;
import dev.descent.optim.Adam;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Parameter;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.Locale;

/**
 * Fits a line to noisy data twice, with Descent's public API only: Adam stepped by hand in float32,
 * and L-BFGS in float64. Exits with status 1 if either misses the least-squares answer, or if the
 * backend is not the one named by the first argument, if any ({@code simd} in the pom: it proves that the
 * module system bound the SIMD backend through {@code provides}/{@code uses}).
 */
public final class Quickstart {

    private Quickstart() {
    }

    public static void main(String[] args) {
        double[] xs = new double[50];
        double[] ys = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = i / 10.0;
            ys[i] = 3 * xs[i] - 1 + 0.05 * Math.sin(7 * i);   // y = 3x − 1 plus deterministic noise
        }
        LineFit fit = new LineFit(xs, ys);
        double[] exact = fit.leastSquares();

        Backend backend = Backends.best();
        // "module com.example.quickstart" on the module path, "unnamed module ..." on the class path.
        System.out.println("backend: " + backend.name() + ", running in " + Quickstart.class.getModule());
        boolean ok = args.length == 0 || args[0].isEmpty() || check(backend.name().equals(args[0]), "backend " + args[0] + " expected");

        // Adam, one step at a time: the objective writes the gradient into dw, the optimizer updates w.
        try (Tensor w = backend.allocate("w", DType.FLOAT32, 2);
                Tensor dw = backend.allocate("dw", DType.FLOAT32, 2);
                Optimizer adam = Optimizer.of(backend, Adam.defaults().withLr(0.05), new Parameter(w, dw))) {
            double f = 0;
            for (int step = 0; step < 3000; step++) {
                f = fit.valueAndGradient(w, dw);
                adam.step();
            }
            double[] ab = w.toDoubleArray();
            System.out.printf(Locale.ROOT, "adam:  a = %.5f, b = %.5f, f = %.6g%n", ab[0], ab[1], f);
            ok &= close("adam", ab, exact, 1e-3);
        }

        // L-BFGS in float64 from the objective's starting point; the answer is left in x.
        try (Tensor x = fit.startingPoint(backend)) {
            MinimizeResult result = Minimizers.create("lbfgs").minimize(fit, x);
            double[] ab = x.toDoubleArray();
            System.out.printf(Locale.ROOT, "lbfgs: a = %.5f, b = %.5f (%s)%n", ab[0], ab[1], result);
            ok &= check(result.converged(), "lbfgs did not converge") & close("lbfgs", ab, exact, 1e-5);
        }
        System.out.printf(Locale.ROOT, "exact: a = %.5f, b = %.5f%n", exact[0], exact[1]);
        if (!ok) {
            System.exit(1);
        }
    }

    private static boolean close(String what, double[] actual, double[] expected, double tolerance) {
        boolean ok = true;
        for (int i = 0; i < expected.length; i++) {
            ok &= check(Math.abs(actual[i] - expected[i]) <= tolerance, String.format(Locale.ROOT,
                    "%s: coefficient %d = %.8f, expected %.8f ± %.0e", what, i, actual[i], expected[i], tolerance));
        }
        return ok;
    }

    private static boolean check(boolean condition, String failure) {
        if (!condition) {
            System.out.println("FAILED: " + failure);
        }
        return condition;
    }
}
