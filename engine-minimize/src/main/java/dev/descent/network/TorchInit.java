package dev.descent.network;

import java.util.List;
import java.util.SplittableRandom;

/**
 * torch's default initialisation of {@code nn.Linear} ({@code Linear.reset_parameters} in
 * torch/nn/modules/linear.py): {@code kaiming_uniform_(weight, a=√5)}, whose gain {@code √(2/(1+a²))}
 * makes the bound {@code √3·gain/√fan_in = 1/√fan_in}, and a bias uniform in {@code ±1/√fan_in} —
 * drawn from Descent's own seeded generator ({@link SplittableRandom}), so the same seed gives the same
 * weights on every machine, though not torch's numbers (load torch's with safetensors for those).
 */
public final class TorchInit {

    private TorchInit() {
    }

    /**
     * The flat parameter vector of {@code spec} ({@link NetworkSpec#parameterNames()} order): every
     * weight and bias of layer {@code l} uniform in {@code [−1/√n(l), 1/√n(l))}, {@code n(l)} its fan-in.
     */
    public static double[] initialize(NetworkSpec spec, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] flat = new double[spec.parameterCount()];
        List<long[]> shapes = spec.parameterShapes();
        int at = 0;
        for (int t = 0; t < shapes.size(); t++) {
            int fanIn = spec.width(t / 2);
            double bound = 1 / Math.sqrt(fanIn);
            long count = t % 2 == 0 ? shapes.get(t)[0] * shapes.get(t)[1] : shapes.get(t)[0];
            for (long i = 0; i < count; i++) {
                flat[at++] = bound * (2 * random.nextDouble() - 1);
            }
        }
        return flat;
    }
}
