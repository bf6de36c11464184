package dev.descent.testing;

import dev.descent.backend.OptimizerKernels;
import dev.descent.kernel.Coefficients;
import dev.descent.kernel.StateSlot;
import dev.descent.optim.GroupState;
import dev.descent.optim.OptimizerSpec;
import dev.descent.optim.StepContext;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The inputs a caller fills before each step — the state slots a kernel only reads, such as vSGD's
 * {@code curvature} and {@code grad_sq} — with values that vary from step to step, so that an
 * agreement run holds every backend to the reference on them too (left alone they would stay at
 * their initial values: unit curvature, no per-example second moment, and vSGD's outlier test would
 * never see a spread). The values depend only on the seed, the input's name and its size, so two
 * runs on two backends fill the same.
 */
public final class StateInputs {
    private StateInputs() {
    }

    /** The state tensors of {@code spec} that its kernel only reads, found from its kernel's layout. */
    public static List<String> names(OptimizerSpec spec) {
        Coefficients[] step = new Coefficients[1];
        spec.step(new StepContext(OptimizerKernels.recording(c -> step[0] = c), 1, 1.0, new GroupState()), List.of());
        List<String> inputs = new ArrayList<>();
        List<String> allocated = spec.state().stream().map(s -> s.name()).toList();
        for (StateSlot<?> s : step[0].layout().states()) {
            if (!s.written() && allocated.contains(s.name())) {
                inputs.add(s.name());
            }
        }
        return List.copyOf(inputs);
    }

    /**
     * Values for input {@code name} of {@code n} elements. {@code curvature}: Gaussians of either sign
     * (the kernels take their magnitude) with about 1 in 16 exact zeros; {@code grad_sq} and
     * {@code curvature_sq}, means of squares: non-negative, of the order of a squared gradient of scale 0.1 to 0.5, so that the
     * variance estimate {@code v̄ - ḡ²} is sometimes small, sometimes negative, and the outlier test
     * fires on some elements and not on others; any other input: Gaussians.
     */
    public static float[] values(String name, long seed, int n) {
        SplittableRandom random = new SplittableRandom(seed * 31 + name.hashCode());
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            double g = gaussian(random);
            v[i] = switch (name) {
                case "curvature" -> random.nextInt(16) == 0 ? 0f : (float) g;
                case "grad_sq", "curvature_sq" -> (float) (0.1 * g * g);
                default -> (float) g;
            };
        }
        return v;
    }

    private static double gaussian(SplittableRandom random) {
        double u = random.nextDouble(Double.MIN_VALUE, 1.0);
        double w = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * w);
    }
}
