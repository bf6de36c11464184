package dev.descent.minimize;

import static dev.descent.minimize.Fixture.BACKEND;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.objective.Objective;
import dev.descent.objective.Problems;
import dev.descent.objective.Rosenbrock;
import dev.descent.optim.Sgd;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Stepping a run one iteration at a time is the same run as {@link Minimizer#minimize}, for every method. */
class MinimizerSessionTest {

    static Stream<Minimizer> methods() {
        return Stream.concat(Minimizers.NAMES.stream().map(Minimizers::create),
                Stream.of(MiniBatchTraining.of(Sgd.defaults().withLr(1e-4), MiniBatchTraining.ALL, 20, 0)));
    }

    /** Bit for bit: the same operations in the same order, so no tolerance. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void steppingToTheEndGivesMinimizesIteratesAndCounts(Minimizer method) {
        Rosenbrock f = new Rosenbrock(100);
        MinimizeResult expected;
        double[] expectedX;
        try (Tensor x = f.startingPoint(BACKEND)) {
            expected = method.minimize(f, x);
            expectedX = x.toDoubleArray();
        }
        try (Tensor x = f.startingPoint(BACKEND)) {
            MinimizeResult actual;
            try (MinimizerSession session = method.start(f, x, false)) {
                int steps = 0;
                Optional<MinimizeResult> r;
                while ((r = session.step()).isEmpty()) {
                    steps++;
                    assertTrue(session.iterations() >= steps, "at least one iteration per step");
                }
                actual = r.get();
                assertEquals(actual.value(), session.value());
                assertThrows(IllegalStateException.class, session::step);
            }
            assertEquals(expected.stopReason(), actual.stopReason(), actual.toString());
            assertEquals(expected.iterations(), actual.iterations());
            assertEquals(expected.functionEvaluations(), actual.functionEvaluations());
            assertEquals(expected.curvatureProducts(), actual.curvatureProducts());
            assertEquals(expected.value(), actual.value());
            assertArrayEquals(expectedX, x.toDoubleArray());
        }
    }

    /** Linear CG is left out: its value during the run is the recurrence's, not an evaluation. */
    static Stream<Minimizer> evaluatingMethods() {
        return methods().filter(m -> !m.name().equals("cg"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("evaluatingMethods")
    void closingMidRunLeavesTheCurrentIterateInTheStartingTensor(Minimizer method) {
        Objective f = Problems.create("rosenbrock", 4, Map.of());
        try (Tensor x = f.startingPoint(BACKEND, DType.FLOAT32)) {
            MinimizerSession session = method.start(f, x, false);
            session.step();
            session.step();
            double value = session.value();
            session.close();
            session.close(); // idempotent
            try (Tensor g = BACKEND.allocate("g", x.dtype(), x.shape())) {
                assertEquals(value, f.valueAndGradient(x, g));
            }
            assertThrows(IllegalStateException.class, session::step);
        }
    }
}
