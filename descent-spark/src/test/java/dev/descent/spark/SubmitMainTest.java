package dev.descent.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spark-submit entry point: bad arguments are one line and exit status 2; a run joins the
 * session that exists (as under spark-submit) and prints the result, the work and the weights.
 */
class SubmitMainTest {

    @TempDir
    Path dir;

    @Test
    void badArgumentsAreOneLine() {
        assertEquals(List.of("descent-spark: --data PATH is required"), run(2, "--method", "lbfgs"));
        List<String> err = run(2, "--data", "x.csv", "--colour", "red");
        assertEquals(1, err.size());
        assertTrue(err.getFirst().startsWith("descent-spark: unexpected argument '--colour'"), err.getFirst());
    }

    @Test
    void aRunPrintsTheResultTheWorkAndTheWeights() throws IOException {
        Path csv = dir.resolve("d.csv");
        Files.writeString(csv, "1,0,1\n0,1,0\n2,1,1\n-1,0.5,0\n0.5,-1,1\n");
        SparkTestSession.session();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = SubmitMain.run(new String[] {"--data", csv.toString(), "--l2", "0.1"},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(0, status, String.join("\n", lines));
        assertTrue(lines.get(0).startsWith("lbfgs: gradient-tolerance"), lines.get(0));
        assertTrue(lines.get(1).startsWith("spark: local[2,2], 5 examples in "), lines.get(1));
        assertEquals(2 + 2, lines.size(), "two weights");
    }

    private static List<String> run(int expectedStatus, String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = SubmitMain.run(args, System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(expectedStatus, status);
        return err.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
