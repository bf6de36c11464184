package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.Backends;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyTraceCommandTest {

    /**
     * One plain SGD step whose numbers are exact in float32 (p - 0.5 g with p, g dyadic), so every
     * backend must reproduce it with error 0, far inside the trace's tolerance.
     */
    private static final String EXACT_SGD = """
            {"format": "descent-trace/1", "source": "hand-computed", "optimizer": "sgd",
             "hyper": {"lr": 0.5}, "dtype": "float32", "tolerance": {"rtol": 1e-5, "atol": 1e-6},
             "params0": [1.0, -2.0, 0.5],
             "grads": [[0.5, 0.25, -1.0], [1.0, 1.0, 1.0]],
             "params": [%s, [0.25, -2.625, 0.5]]}
            """;

    /**
     * One SGD step (lr 1) of a 1-2 network without a hidden layer, from zero weights, on two examples
     * x = 0 of class 0: logits 0, so the loss is ln 2 per example and the bias gradient the mean of
     * softmax − one-hot = (−½, ½); the bias becomes (½, −½), exactly. A replay that summed over the
     * batch would see the loss 2·ln 2 and step to (1, −1).
     */
    private static final String TRAIN_SGD = """
            {"format": "descent-train-trace/1", "source": "hand-computed", "dtype": "float32",
             "model": {"layers": [1, 2], "activation": "relu", "loss": "cross_entropy"},
             "data": {"x": [[0.0], [0.0]], "y": [0, 0]},
             "params0": {"0.weight": {"shape": [2, 1], "values": [0.0, 0.0]},
                         "0.bias": {"shape": [2], "values": [0.0, 0.0]}},
             "optimizer": "sgd", "hyper": {"lr": 1.0}, "batches": [[0, 1]], "losses": [%s],
             "params": {"0.weight": [0.0, 0.0], "0.bias": [0.5, -0.5]},
             "tolerance": {"rtol": 2e-4, "atol": 2e-5, "loss_rtol": 1e-4}}
            """;

    @TempDir
    Path dir;

    @Test
    void aTrainingTracePassesAndAWrongLossFailsNamingTheStep() throws IOException {
        String good = trace("train.json", TRAIN_SGD.formatted(Math.log(2)));
        CliRun r = CliRun.of("verify-trace", "--backend", "reference", good);
        assertEquals(Main.OK, r.status(), r.out() + r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith(good) && l.contains("sgd") && l.endsWith("PASS")), r.out());
        String summed = trace("summed.json", TRAIN_SGD.formatted(2 * Math.log(2)));
        CliRun s = CliRun.of("verify-trace", "--backend", "reference", summed);
        assertEquals(Main.FAILED, s.status(), s.out() + s.err());
        assertTrue(s.out().lines().anyMatch(l -> l.startsWith(summed) && l.contains("losses[0]") && l.endsWith("FAIL")),
                s.out());
    }

    private String trace(String name, String json) throws IOException {
        return Files.writeString(dir.resolve(name), json).toString();
    }

    @Test
    void exactTracePassesOnEveryAvailableBackend() throws IOException {
        String file = trace("exact.json", EXACT_SGD.formatted("[0.75, -2.125, 1.0]"));
        CliRun r = CliRun.of("verify-trace", "--backend", "all", file);
        assertEquals(Main.OK, r.status(), r.out() + r.err());
        int backends = Backends.available().size();
        assertEquals(backends, r.out().lines().filter(l -> l.startsWith(file)).count(), r.out());
        assertTrue(r.out().lines().filter(l -> l.startsWith(file)).allMatch(l -> l.matches(".*\\s0\\s+-\\s+PASS")), r.out());
        assertTrue(r.out().contains(backends == 1 ? "the replay passed" : "all " + backends + " replays passed"), r.out());
    }

    @Test
    void aWrongParameterFailsAndNamesWhere() throws IOException {
        // Element 1 of step 0 is off by 0.125: normalized error 0.125 / (1e-6 + 1e-5 * 2.0) ≈ 5952.
        String file = trace("wrong.json", EXACT_SGD.formatted("[0.75, -2.0, 1.0]"));
        CliRun r = CliRun.of("verify-trace", "--backend", "reference", file);
        assertEquals(Main.FAILED, r.status(), r.out() + r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith(file) && l.contains("params[0][1]") && l.endsWith("FAIL")),
                r.out());
        assertTrue(r.out().contains("1 of 1 replays FAILED"), r.out());
    }

    @Test
    void missingFileIsOneLineAndNothingRuns() throws IOException {
        String good = trace("exact.json", EXACT_SGD.formatted("[0.75, -2.125, 1.0]"));
        String missing = dir.resolve("absent.json").toString();
        CliRun r = CliRun.of("verify-trace", good, missing);
        assertEquals(Main.BAD_INPUT, r.status());
        assertEquals(List.of("descent: " + missing + ": no such file"), r.errLines());
        assertEquals("", r.out());
    }

    @Test
    void malformedJsonIsOneLine() throws IOException {
        String file = trace("bad.json", "{\"format\": \"descent-trace/1\", ");
        assertOneLineBadInput(CliRun.of("verify-trace", file), file);
    }

    @Test
    void unknownOptimizerIsOneLine() throws IOException {
        String file = trace("lion.json", EXACT_SGD.formatted("[0.75, -2.125, 1.0]").replace("\"sgd\"", "\"lion\""));
        CliRun r = CliRun.of("verify-trace", file);
        assertOneLineBadInput(r, file);
        assertTrue(r.err().contains("lion"), r.err());
    }

    @Test
    void unknownHyperParameterIsOneLine() throws IOException {
        String file = trace("hyper.json",
                EXACT_SGD.formatted("[0.75, -2.125, 1.0]").replace("{\"lr\": 0.5}", "{\"lr\": 0.5, \"warmup\": 3}"));
        CliRun r = CliRun.of("verify-trace", file);
        assertOneLineBadInput(r, file);
        assertTrue(r.err().contains("warmup"), r.err());
    }

    @Test
    void unknownBackendListsTheKnownOnes() throws IOException {
        String file = trace("exact.json", EXACT_SGD.formatted("[0.75, -2.125, 1.0]"));
        CliRun r = CliRun.of("verify-trace", "--backend", "tpu", file);
        assertEquals(Main.BAD_INPUT, r.status());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains("unknown backend 'tpu'") && r.err().contains("reference"), r.err());
    }

    @Test
    void noFilesIsAUsageError() {
        CliRun r = CliRun.of("verify-trace", "--backend", "reference");
        assertEquals(Main.BAD_INPUT, r.status());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains("at least one trace file"), r.err());
    }

    private static void assertOneLineBadInput(CliRun r, String file) {
        assertEquals(Main.BAD_INPUT, r.status(), r.out() + r.err());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().startsWith("descent: " + file + ": "), r.err());
        assertEquals("", r.out());
    }
}
