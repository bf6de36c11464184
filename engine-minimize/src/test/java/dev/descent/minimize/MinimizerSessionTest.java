package dev.descent.minimize;

import static dev.descent.minimize.Fixture.BACKEND;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.objective.Rosenbrock;
import dev.descent.tensor.Tensor;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Stepping a run one iteration at a time is the same run as {@link Minimizer#minimize}. */
class MinimizerSessionTest {

    record Method(Minimizer minimizer, BiFunction<Rosenbrock, Tensor, MinimizerSession> start) {
        @Override
        public String toString() {
            return minimizer.name();
        }
    }

    static Stream<Method> methods() {
        Lbfgs lbfgs = Lbfgs.defaults();
        NonlinearConjugateGradient pr = NonlinearConjugateGradient.defaults(ConjugacyFormula.POLAK_RIBIERE_PLUS);
        return Stream.of(new Method(lbfgs, (f, x) -> lbfgs.start(f, x, false)),
                new Method(pr, (f, x) -> pr.start(f, x, false)));
    }

    /** Bit for bit: the same operations in the same order, so no tolerance. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void steppingToTheEndGivesMinimizesIteratesAndCounts(Method method) {
        Rosenbrock f = new Rosenbrock(100);
        MinimizeResult expected;
        double[] expectedX;
        try (Tensor x = f.startingPoint(BACKEND)) {
            expected = method.minimizer().minimize(f, x);
            expectedX = x.toDoubleArray();
        }
        try (Tensor x = f.startingPoint(BACKEND)) {
            MinimizeResult actual;
            try (MinimizerSession session = method.start().apply(f, x)) {
                int steps = 0;
                Optional<MinimizeResult> r;
                while ((r = session.step()).isEmpty()) {
                    steps++;
                    assertEquals(steps, session.iterations());
                }
                actual = r.get();
                assertEquals(actual.value(), session.value());
                assertThrows(IllegalStateException.class, session::step);
            }
            assertTrue(actual.converged(), actual.toString());
            assertEquals(expected.iterations(), actual.iterations());
            assertEquals(expected.functionEvaluations(), actual.functionEvaluations());
            assertEquals(expected.value(), actual.value());
            assertArrayEquals(expectedX, x.toDoubleArray());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void closingMidRunLeavesTheCurrentIterateInTheStartingTensor(Method method) {
        Rosenbrock f = new Rosenbrock(4);
        try (Tensor x = f.startingPoint(BACKEND)) {
            MinimizerSession session = method.start().apply(f, x);
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
