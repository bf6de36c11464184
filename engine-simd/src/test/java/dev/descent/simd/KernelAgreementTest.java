package dev.descent.simd;

import dev.descent.kernel.RpropVariant;
import dev.descent.optim.Adadelta;
import dev.descent.optim.Adagrad;
import dev.descent.optim.Adam;
import dev.descent.optim.AdamW;
import dev.descent.optim.Adamax;
import dev.descent.optim.Gains;
import dev.descent.optim.NAdam;
import dev.descent.optim.OptimizerSpec;
import dev.descent.optim.RmsProp;
import dev.descent.optim.Rprop;
import dev.descent.optim.Sgd;
import dev.descent.optim.Vsgd;
import dev.descent.optim.VsgdCurvature;
import dev.descent.reference.ReferenceBackend;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every optimizer kernel of the SIMD backend equals the reference backend bit for bit: the same
 * float32 operations in the same order, no FMA, so there is no tolerance to state. The sizes cover
 * empty tensors, fewer elements than one vector, one vector and one more (for 4-, 8- and 16-lane
 * vectors), and sizes with a partial last vector; all sit in one group, the way a model's
 * parameters do.
 */
class KernelAgreementTest {

    private static final long[] SIZES = {0, 1, 7, 15, 16, 17, 1000, 4099, 100003};
    private static final int STEPS = 24;

    static Stream<OptimizerSpec> settings() {
        return Stream.of(
                Sgd.defaults().withLr(0.01),
                Sgd.defaults().withLr(0.01).withMomentum(0.9),
                Sgd.defaults().withLr(0.01).withMomentum(0.9).withNesterov(true).withWeightDecay(0.01),
                Sgd.defaults().withLr(0.01).withMomentum(0.8).withDampening(0.3).withMaximize(true),
                Adagrad.defaults(),
                Adagrad.defaults().withLrDecay(0.01).withWeightDecay(0.1).withInitialAccumulatorValue(0.1)
                        .withMaximize(true),
                Adadelta.defaults(),
                Adadelta.defaults().withRho(0.5).withWeightDecay(0.01).withMaximize(true),
                RmsProp.defaults(),
                RmsProp.defaults().withCentered(true),
                RmsProp.defaults().withMomentum(0.9).withWeightDecay(0.01),
                RmsProp.defaults().withCentered(true).withMomentum(0.5).withMaximize(true),
                Rprop.defaults(),
                Rprop.defaults().withStepSizes(1e-3, 0.02).withEtas(0.3, 1.5).withMaximize(true),
                Rprop.defaults().withVariant(RpropVariant.RPROP_MINUS),
                Rprop.defaults().withVariant(RpropVariant.RPROP_PLUS),
                Rprop.defaults().withVariant(RpropVariant.IRPROP_PLUS),
                Adam.defaults(),
                Adam.defaults().withAmsgrad(true).withWeightDecay(0.01),
                Adam.defaults().withBetas(0.5, 0.9).withMaximize(true),
                AdamW.defaults(),
                AdamW.defaults().withAmsgrad(true).withWeightDecay(0.1),
                Adamax.defaults(),
                Adamax.defaults().withWeightDecay(0.01).withMaximize(true),
                NAdam.defaults(),
                NAdam.defaults().withWeightDecay(0.01).withMomentumDecay(0.01),
                Gains.defaults(),
                Gains.defaults().withMomentum(0.9).withWeightDecay(0.01),
                Gains.defaults().withMomentum(0.5).withCompareWithVelocity(true).withMinGain(0.5).withMaxGain(2)
                        .withMaximize(true),
                // vSGD's curvature input stays at its initial 1 here (only gradients are filled).
                Vsgd.defaults(),
                Vsgd.defaults().withVariant(VsgdCurvature.FINITE_DIFFERENCE).withSlowStart(3, 4).withOutlierLevel(1),
                Vsgd.defaults().withBatchSize(4).withSlowStart(0, 1).withOutlierLevel(2).withLr(0.5));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void everyStepEqualsTheReferenceBitForBit(OptimizerSpec spec) {
        try (OptimizerRun reference = new OptimizerRun(new ReferenceBackend(), spec, SIZES, 42);
                OptimizerRun simd = new OptimizerRun(new SimdBackend(1), spec, SIZES, 42)) {
            Random random = new Random(7);
            for (int t = 1; t <= STEPS; t++) {
                float[][] gradients = OptimizerRun.gradients(random, SIZES);
                double loss = random.nextDouble(); // rises on about half of the steps: iRprop+ backtracks then
                reference.step(gradients, loss);
                simd.step(gradients, loss);
                simd.assertBitwiseEqual(reference, spec + ", step " + t);
            }
        }
    }
}
