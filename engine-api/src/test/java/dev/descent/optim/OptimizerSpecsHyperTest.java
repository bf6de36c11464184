package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.ParameterSlots;
import dev.descent.kernel.RpropVariant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link OptimizerSpecs#hyper} is the inverse of {@link OptimizerSpecs#fromHyper}: a property test over
 * random valid specs of every optimizer, each hyper-parameter moved away from its default.
 */
class OptimizerSpecsHyperTest {

    /** Candidate numbers: each key keeps those its optimizer accepts (tried through fromHyper). */
    private static final double[] NUMBERS = {0, 1e-10, 1e-6, 3e-4, 0.01, 0.05, 0.25, 0.5, 0.7, 0.9, 0.97, 0.999,
        1, 1.5, 2, 3, 7, 12, 50, 100};

    static List<String> names() {
        return OptimizerSpecs.names();
    }

    @ParameterizedTest
    @MethodSource("names")
    void defaultsRoundTrip(String name) {
        OptimizerSpec d = OptimizerSpecs.defaults(name);
        assertEquals(d, OptimizerSpecs.fromHyper(name, OptimizerSpecs.hyper(d)));
    }

    /**
     * The keys are every key the optimizer's parser reads (as its "unknown hyper-parameter" error lists
     * them), so that none is forgotten; only {@code decoupled_weight_decay} is left out, being the
     * choice of the optimizer's name ({@code adamw}) rather than a value of it.
     */
    @ParameterizedTest
    @MethodSource("names")
    void everyKeyTheParserReadsIsWritten(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OptimizerSpecs.fromHyper(name, Map.of("no_such_key", 1.0)));
        String known = e.getMessage().replaceFirst("(?s).*\\(known: (.*)\\)$", "$1");
        Set<String> read = new TreeSet<>(List.of(known.split(", ")));
        read.remove("decoupled_weight_decay");
        assertEquals(read, new TreeSet<>(OptimizerSpecs.hyper(OptimizerSpecs.defaults(name)).keySet()));
    }

    @ParameterizedTest
    @MethodSource("names")
    void randomSpecsRoundTripAndEveryKeyLeavesItsDefault(String name) {
        Random random = new Random(name.hashCode());
        Map<String, Object> defaults = OptimizerSpecs.hyper(OptimizerSpecs.defaults(name));
        Set<String> moved = new HashSet<>();
        for (int trial = 0; trial < 300; trial++) {
            Map<String, Object> hyper = new LinkedHashMap<>(defaults);
            for (String key : defaults.keySet()) {
                Object candidate = randomValue(random, name, defaults.get(key));
                Map<String, Object> tried = new LinkedHashMap<>(hyper);
                tried.put(key, candidate);
                try {
                    OptimizerSpecs.fromHyper(name, tried);
                    hyper = tried;
                } catch (IllegalArgumentException invalidCombination) {
                    // keep the previous value of this key: the candidate is out of range here
                }
            }
            OptimizerSpec spec = OptimizerSpecs.fromHyper(name, hyper);
            Map<String, Object> written = OptimizerSpecs.hyper(spec);
            assertEquals(defaults.keySet(), written.keySet(), "every key, always");
            assertEquals(spec, OptimizerSpecs.fromHyper(spec.name(), written), () -> name + " " + written);
            for (String key : defaults.keySet()) {
                if (!written.get(key).equals(defaults.get(key))) {
                    moved.add(key);
                }
                assertValueKind(key, written.get(key));
            }
        }
        assertEquals(defaults.keySet(), moved, "every hyper-parameter was tried away from its default");
    }

    private static Object randomValue(Random random, String optimizer, Object like) {
        return switch (like) {
            case Boolean b -> random.nextBoolean();
            case Double d -> NUMBERS[random.nextInt(NUMBERS.length)];
            case List<?> pair -> {
                double a = NUMBERS[random.nextInt(NUMBERS.length)];
                double b = NUMBERS[random.nextInt(NUMBERS.length)];
                yield List.of(Math.min(a, b), Math.max(a, b));
            }
            case String label -> {
                List<String> labels = new ArrayList<>();
                if (optimizer.equals("rprop")) {
                    for (RpropVariant v : RpropVariant.values()) {
                        labels.add(v.label());
                    }
                } else {
                    for (VsgdCurvature v : VsgdCurvature.values()) {
                        labels.add(v.label());
                    }
                }
                yield labels.get(random.nextInt(labels.size()));
            }
            default -> throw new AssertionError("unexpected kind of value " + like);
        };
    }

    private static void assertValueKind(String key, Object value) {
        boolean ok = value instanceof Double || value instanceof Boolean || value instanceof String
                || value instanceof List<?> l && l.size() == 2 && l.get(0) instanceof Double && l.get(1) instanceof Double;
        assertTrue(ok, key + " = " + value + " (" + value.getClass().getSimpleName() + ")");
    }

    @Test
    void torchNamesAndKindsAsParamGroupsHaveThem() {
        Map<String, Object> h = OptimizerSpecs.hyper(new Adam(0.1, 0.8, 0.99, 1e-6, 0.01, true, false));
        assertEquals(Map.of("lr", 0.1, "betas", List.of(0.8, 0.99), "eps", 1e-6, "weight_decay", 0.01,
                "amsgrad", true, "maximize", false), h);
        assertEquals(List.of("lr", "betas", "eps", "weight_decay", "amsgrad", "maximize"), List.copyOf(h.keySet()));
        Map<String, Object> v = OptimizerSpecs.hyper(Vsgd.defaults().withBatchSize(8));
        assertEquals(8.0, v.get("batch_size"));
        assertThrows(UnsupportedOperationException.class, () -> h.put("lr", 1.0));
    }

    @Test
    void adamWithDecoupledDecayWritesAdamwAndReadsBackAsTheSameRule() {
        Adam decoupled = Adam.defaults().withWeightDecay(0.02).withDecoupledWeightDecay(true);
        Map<String, Object> h = OptimizerSpecs.hyper(decoupled);
        AdamW back = assertInstanceOf(AdamW.class, OptimizerSpecs.fromHyper(decoupled.name(), h));
        assertEquals(decoupled, back.asAdam());
        assertEquals(h, OptimizerSpecs.hyper(back));
    }

    @Test
    void aSpecOfAnotherLibraryIsNamed() {
        OptimizerSpec foreign = new OptimizerSpec() {
            @Override
            public String name() {
                return "lion";
            }

            @Override
            public double lr() {
                return 1e-4;
            }

            @Override
            public OptimizerSpec withLr(double lr) {
                return this;
            }

            @Override
            public OptionalDouble momentumLike() {
                return OptionalDouble.empty();
            }

            @Override
            public OptimizerSpec withMomentum(double momentum) {
                throw OptimizerSpec.noMomentum("lion");
            }

            @Override
            public List<StateSpec> state() {
                return List.of();
            }

            @Override
            public void step(StepContext context, List<ParameterSlots> params) {
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OptimizerSpecs.hyper(foreign));
        assertTrue(e.getMessage().contains("'lion'") && e.getMessage().contains("not one of"), e.getMessage());
    }
}
