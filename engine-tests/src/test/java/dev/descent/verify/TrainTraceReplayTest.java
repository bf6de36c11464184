package dev.descent.verify;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.Backend;
import dev.descent.kernel.Activation;
import dev.descent.network.NetworkSpec;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every PyTorch training trace (copied from {@code ../shared/traces/train} into the test resources)
 * replays on every available backend within the tolerances it states (rtol 2e-4, atol 2e-5 on the
 * final weights, loss_rtol 1e-4 per loss: room for float32 sums in another order, a tenth of which
 * an independent float64 replay stays under, says TRAIN-FORMAT.md); and the same traces with one rule
 * changed — what a sum in place of the batch mean, a doubled learning rate, another activation or a
 * resume that ignores the optimizer's state would give — fail, so the tolerances do tell a wrong
 * replay from a right one.
 */
class TrainTraceReplayTest {

    static List<Path> files() throws IOException, URISyntaxException {
        Path dir = Path.of(TrainTraceReplayTest.class.getResource("/traces/train").toURI());
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.toString().endsWith(".json")).sorted().forEach(files::add);
        }
        assertTrue(files.size() >= 8, "expected the shipped training traces, found " + files);
        return files;
    }

    static Stream<Arguments> cases() throws IOException, URISyntaxException {
        return files().stream().flatMap(f -> BackendsUnderTest.names().map(b -> Arguments.of(f.getFileName().toString(),
                b, f)));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cases")
    void replayPasses(String label, String backendName, Path file) throws Exception {
        Backend backend = BackendsUnderTest.require(backendName);
        TrainReplayResult r = TrainTraceReplay.replay(TrainTraceReader.read(file), backend);
        assertTrue(r.passed(), () -> label + " on " + backendName + ": " + r);
    }

    private static TrainTrace trace(String name) throws Exception {
        return TrainTraceReader.read(Path.of(TrainTraceReplayTest.class.getResource("/traces/train/" + name).toURI()));
    }

    private static TrainReplayResult onReference(TrainTrace t) {
        return TrainTraceReplay.replay(t, BackendsUnderTest.reference());
    }

    @Test
    void aSumInPlaceOfTheBatchMeanFailsOnTheLosses() throws Exception {
        TrainTrace t = trace("mlp-sgd-tanh-ce.json");
        int batch = t.batches().getFirst().length;
        double[] summed = t.losses().clone();
        for (int i = 0; i < summed.length; i++) {
            summed[i] *= batch; // the losses a replay summing over the batch would compute
        }
        TrainReplayResult r = onReference(new TrainTrace(t.file(), t.source(), t.spec(), t.classes(), t.targets(),
                t.optimizer(), t.hyper(), t.params0(), t.state0(), t.batches(), summed, t.params(), t.rtol(), t.atol(),
                t.lossRtol()));
        assertFalse(r.passed(), r.toString());
        assertTrue(r.worstLossError() > 100, r.toString());
    }

    @Test
    void aDoubledLearningRateFailsOnTheWeights() throws Exception {
        TrainTrace t = trace("mlp-adam-tanh-mse.json");
        Map<String, Object> hyper = new LinkedHashMap<>(t.hyper());
        hyper.put("lr", 2 * ((Number) hyper.get("lr")).doubleValue());
        TrainReplayResult r = onReference(new TrainTrace(t.file(), t.source(), t.spec(), t.classes(), t.targets(),
                t.optimizer(), hyper, t.params0(), t.state0(), t.batches(), t.losses(), t.params(), t.rtol(), t.atol(),
                t.lossRtol()));
        assertFalse(r.passed(), r.toString());
        assertTrue(r.worstParamError() > 10, r.toString());
    }

    @Test
    void aRunThatBlowsUpFailsInsteadOfThrowing() throws Exception {
        TrainTrace t = trace("mlp-sgd-tanh-ce.json");
        Map<String, Object> hyper = new LinkedHashMap<>(t.hyper());
        hyper.put("lr", 1e38);
        TrainReplayResult r = onReference(new TrainTrace(t.file(), t.source(), t.spec(), t.classes(), t.targets(),
                t.optimizer(), hyper, t.params0(), t.state0(), t.batches(), t.losses(), t.params(), t.rtol(), t.atol(),
                t.lossRtol()));
        assertFalse(r.passed(), r.toString());
    }

    @Test
    void anotherActivationFails() throws Exception {
        TrainTrace t = trace("mlp-rmsprop-sigmoid-ce.json");
        NetworkSpec tanh = new NetworkSpec(t.spec().layers(), Activation.TANH, t.spec().loss());
        TrainReplayResult r = onReference(new TrainTrace(t.file(), t.source(), tanh, t.classes(), t.targets(),
                t.optimizer(), t.hyper(), t.params0(), t.state0(), t.batches(), t.losses(), t.params(), t.rtol(),
                t.atol(), t.lossRtol()));
        assertFalse(r.passed(), r.toString());
    }

    @Test
    void aResumeThatIgnoresTheOptimizerStateFails() throws Exception {
        for (String name : List.of("resume-adam.json", "resume-sgd-momentum.json")) {
            TrainTrace t = trace(name);
            assertTrue(onReference(t).passed(), name);
            TrainReplayResult r = onReference(new TrainTrace(t.file(), t.source(), t.spec(), t.classes(), t.targets(),
                    t.optimizer(), t.hyper(), t.params0(), null, t.batches(), t.losses(), t.params(), t.rtol(),
                    t.atol(), t.lossRtol()));
            assertFalse(r.passed(), name + ": " + r);
        }
    }
}
