package dev.descent.verify;

import dev.descent.backend.Backend;
import dev.descent.optim.OptimizerSpec;
import dev.descent.optim.OptimizerSpecs;
import dev.descent.testing.HyperCase;
import dev.descent.testing.HyperCases;
import dev.descent.testing.NetworkAgreement;
import dev.descent.testing.NetworkCase;
import dev.descent.testing.NetworkCases;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The self-check behind {@code descent verify}: random cases of every optimizer (each hyper-parameter
 * set of {@link HyperCases}, with a random learning rate, size and tensor count) on every backend,
 * compared with the reference after every step; and every network kernel on the cases of
 * {@link NetworkCases}, within the bounds of {@link NetworkAgreement}.
 */
public final class VerifySuite {

    /** Per-element tolerance, the same as the PyTorch traces': float32 kernels may round differently in the last bits. */
    public static final double RTOL = 1e-5;
    /** Absolute part of the tolerance, for elements near zero. */
    public static final double ATOL = 1e-6;
    /** Steps per case. */
    public static final int STEPS = 20;

    private static final int[] SIZES = {1, 7, 17, 1000, 4099, 70_001};

    private VerifySuite() {
    }

    /** Checks every backend of {@code backends} other than {@code reference} itself. */
    public static List<VerifyRow> run(List<Backend> backends, Backend reference, long seed) {
        List<VerifyRow> rows = new ArrayList<>();
        for (String optimizer : OptimizerSpecs.names()) {
            for (Backend backend : backends) {
                if (backend == reference) {
                    continue;
                }
                rows.add(check(optimizer, backend, reference, new SplittableRandom(seed ^ optimizer.hashCode())));
            }
        }
        return rows;
    }

    /**
     * Checks the network kernels of every backend of {@code backends} other than {@code reference}: one row
     * per kernel and backend over the kernel's {@link NetworkCases} (fixed cases: the seed does not change
     * them), the error normalized by {@link NetworkAgreement}'s bounds.
     */
    public static List<VerifyRow> runNetwork(List<Backend> backends, Backend reference) {
        List<VerifyRow> rows = new ArrayList<>();
        for (String kernel : NetworkCases.KERNELS) {
            for (Backend backend : backends) {
                if (backend != reference) {
                    rows.add(checkNetwork(kernel, backend, reference));
                }
            }
        }
        return rows;
    }

    private static VerifyRow checkNetwork(String kernel, Backend backend, Backend reference) {
        double worst = 0;
        String worstCase = "all exact";
        List<NetworkCase> cases = NetworkCases.of(kernel);
        for (NetworkCase c : cases) {
            NetworkAgreement.Outcome o = NetworkAgreement.compare(c, backend, reference);
            if (o.worstError() > worst) {
                worst = o.worstError();
                worstCase = o.where();
            }
        }
        return new VerifyRow(kernel, backend.name(), cases.size(), worst, worst <= 1, worstCase);
    }

    private static VerifyRow check(String optimizer, Backend backend, Backend reference, SplittableRandom random) {
        double worst = 0;
        String worstCase = "all exact";
        int cases = 0;
        for (HyperCase hc : HyperCases.of(optimizer)) {
            OptimizerSpec base = OptimizerSpecs.fromHyper(optimizer, hc.hyper());
            OptimizerSpec spec = base.withLr(base.lr() * Math.pow(10, random.nextDouble(-1, 1)));
            int size = SIZES[random.nextInt(SIZES.length)];
            int tensors = 1 + random.nextInt(3);
            Agreement.Outcome o = Agreement.compare(spec, backend, reference, size, tensors, STEPS, random.nextLong(),
                    RTOL, ATOL);
            cases++;
            if (o.worstError() > worst) {
                worst = o.worstError();
                worstCase = hc.label() + ", n=" + size + ": " + o.where();
            }
        }
        return new VerifyRow(optimizer, backend.name(), cases, worst, worst <= 1, worstCase);
    }
}
