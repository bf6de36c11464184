package dev.descent.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad trace files are rejected with one line that names the file and the problem. */
class TraceReaderTest {

    @TempDir
    Path dir;

    private static final String GOOD = """
            {"format": "descent-trace/1", "source": "hand", "optimizer": "sgd", "hyper": {"lr": 0.5},
             "dtype": "float32", "tolerance": {"rtol": 1e-5, "atol": 1e-6},
             "params0": [1.0, 2.0], "grads": [[1.0, -1.0]], "params": [[0.5, 2.5]]}
            """;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private String failure(String text) throws IOException {
        Path p = write("t.json", text);
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> TraceReader.read(p));
        assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void readsAndReplaysAHandWrittenTrace() throws Exception {
        Trace t = TraceReader.read(write("good.json", GOOD));
        assertEquals("sgd", t.optimizer());
        assertEquals(1, t.steps());
        ReplayResult r = TraceReplay.replay(t, BackendsUnderTest.reference());
        assertTrue(r.passed(), "0.5·1 step: " + r);
        assertEquals(0.0, r.worstError(), "p - lr·g is exact here");
    }

    @Test
    void detectsAWrongParameterTrajectory() throws Exception {
        Trace t = TraceReader.read(write("bad.json", GOOD.replace("[[0.5, 2.5]]", "[[0.5, 2.6]]")));
        ReplayResult r = TraceReplay.replay(t, BackendsUnderTest.reference());
        assertTrue(!r.passed() && r.worstIndex() == 1 && r.worstStep() == 0, r.toString());
    }

    @Test
    void missingFile() {
        Path p = dir.resolve("nope.json");
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> TraceReader.read(p));
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    }

    @Test
    void malformedJson() throws IOException {
        assertTrue(failure("{\"format\": ").contains("malformed JSON"));
    }

    @Test
    void otherFormat() throws IOException {
        assertTrue(failure(GOOD.replace("descent-trace/1", "descent-trace/9")).contains("descent-trace/9"));
    }

    @Test
    void unknownOptimizer() throws IOException {
        assertTrue(failure(GOOD.replace("\"sgd\"", "\"lion\"")).contains("unknown optimizer 'lion'"));
    }

    @Test
    void unknownHyperParameter() throws IOException {
        assertTrue(failure(GOOD.replace("\"lr\": 0.5", "\"lr\": 0.5, \"gamma\": 2")).contains("gamma"));
    }

    @Test
    void invalidHyperParameterValue() throws IOException {
        assertTrue(failure(GOOD.replace("\"lr\": 0.5", "\"lr\": -0.5")).contains("lr = -0.5"));
    }

    @Test
    void wrongVectorLength() throws IOException {
        assertTrue(failure(GOOD.replace("[[1.0, -1.0]]", "[[1.0]]")).contains("grads[0] has 1 elements"));
    }

    @Test
    void nonNumericElement() throws IOException {
        assertTrue(failure(GOOD.replace("[[1.0, -1.0]]", "[[1.0, \"x\"]]")).contains("grads[0][1]"));
    }

    @Test
    void stepsMismatch() throws IOException {
        assertTrue(failure(GOOD.replace("\"params\": [[0.5, 2.5]]", "\"params\": []")).contains("steps"));
    }

    @Test
    void missingTolerance() throws IOException {
        assertTrue(failure(GOOD.replace("\"tolerance\": {\"rtol\": 1e-5, \"atol\": 1e-6},", "")).contains("tolerance"));
    }
}
