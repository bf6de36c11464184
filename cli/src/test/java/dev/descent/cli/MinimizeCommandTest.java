package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code descent minimize}: results as text and JSON, exit statuses, and one-line errors. */
class MinimizeCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The keys of the JSON line, in order. */
    private static final List<String> KEYS = List.of("method", "problem", "n", "backend", "iterations", "f_evals",
            "g_evals", "f", "grad_norm", "stop", "seconds");

    private static JsonNode json(CliRun r) throws IOException {
        assertEquals(1, r.out().lines().count(), "exactly one line:\n" + r.out());
        return JSON.readTree(r.out());
    }

    private static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    @Test
    void lbfgsOnExtendedRosenbrockPrintsOneJsonLine() throws IOException {
        CliRun r = CliRun.of("minimize", "--method", "lbfgs", "--problem", "rosenbrock", "--n", "1000", "--backend",
                "reference", "--json");
        assertEquals(Main.OK, r.status(), r.err());
        JsonNode j = json(r);
        assertAll(
                () -> assertEquals(KEYS, keys(j)),
                () -> assertEquals("lbfgs", j.get("method").asText()),
                () -> assertEquals("rosenbrock", j.get("problem").asText()),
                () -> assertEquals(1000, j.get("n").asInt()),
                () -> assertEquals("reference", j.get("backend").asText()),
                () -> assertEquals("gradient-tolerance", j.get("stop").asText()),
                // The bound: at most 1.25 × SciPy's 44 evaluations (ScipyComparisonTest has the details).
                () -> assertTrue(j.get("f_evals").asInt() <= 55, j.toString()),
                () -> assertEquals(j.get("f_evals").asInt(), j.get("g_evals").asInt()),
                () -> assertTrue(j.get("iterations").asInt() > 0 && j.get("iterations").asInt() < j.get("f_evals").asInt()),
                () -> assertTrue(j.get("f").asDouble() < 1e-8, j.toString()),
                () -> assertTrue(j.get("grad_norm").asDouble() <= 1e-5, j.toString()),
                () -> assertTrue(j.get("seconds").isNumber() && j.get("seconds").asDouble() >= 0));
    }

    @Test
    void withoutJsonAShortSummary() {
        CliRun r = CliRun.of("minimize", "--method", "newton", "--problem", "quadratic", "--n", "20", "--backend",
                "reference");
        assertEquals(Main.OK, r.status(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("newton on quadratic (n = 20, float64, backend reference)", lines.getFirst());
        assertTrue(lines.get(1).startsWith("stop         gradient-tolerance: ‖g‖∞ = "), r.out());
        assertEquals("iterations   1", lines.get(2), "Newton solves a quadratic in one step");
        assertTrue(lines.get(3).startsWith("evaluations  2 f, 2 g, 20 curvature products"), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("f            ")), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("time         ")), r.out());
    }

    @Test
    void conjugateGradientsTerminateInNStepsOnTheDefaultQuadratic() throws IOException {
        // The default quadratic (κ = 1e4) at N = 50: N steps with reorthogonalization, ~3N without.
        CliRun on = CliRun.of("minimize", "--method", "cg", "--problem", "quadratic", "--n", "50", "--backend",
                "reference", "--json");
        assertEquals(50, json(on).get("iterations").asInt(), on.out());
        CliRun off = CliRun.of("minimize", "--method", "cg", "--problem", "quadratic", "--n", "50", "--backend",
                "reference", "--reorthogonalize", "off", "--json");
        assertTrue(json(off).get("iterations").asInt() > 50, off.out());
    }

    @Test
    void anOptimizerTrainsOnMiniBatches() throws IOException {
        CliRun r = CliRun.of("minimize", "--method", "sgd", "--problem", "logistic", "--lr", "0.05", "--momentum", "0.9",
                "--batch", "100", "--epochs", "20", "--seed", "7", "--backend", "reference", "--json");
        assertEquals(Main.OK, r.status(), r.err());
        JsonNode j = json(r);
        assertEquals("sgd", j.get("method").asText());
        assertEquals("epochs-done", j.get("stop").asText());
        assertEquals(200, j.get("iterations").asInt(), "1000 rows / 100 per batch × 20 epochs");
        assertEquals(221, j.get("f_evals").asInt(), "a batch per step, the full f at the start and after each epoch");
        // --seed also seeds the synthetic data: L-BFGS's optimum on the same data is the target, and SGD
        // with a constant step stays in a noise ball ~1e-4 above it (1e-3 allowed, see MiniBatchTrainingTest).
        CliRun best = CliRun.of("minimize", "--method", "lbfgs", "--problem", "logistic", "--seed", "7", "--backend",
                "reference", "--json");
        double optimum = json(best).get("f").asDouble();
        assertTrue(j.get("f").asDouble() - optimum <= 1e-3 && j.get("f").asDouble() >= optimum - 1e-9,
                j + " vs L-BFGS's " + optimum);
        CliRun again = CliRun.of("minimize", "--method", "sgd", "--problem", "logistic", "--lr", "0.05", "--momentum",
                "0.9", "--batch", "100", "--epochs", "20", "--seed", "7", "--backend", "reference", "--json");
        assertEquals(j.get("f").asDouble(), json(again).get("f").asDouble(), 0, "the seed fixes the run");
    }

    @Test
    void hyperParametersGoByTheirTorchNames() throws IOException {
        CliRun r = CliRun.of("minimize", "--method", "adam", "--problem", "logistic", "--hyper", "betas=0.8,0.99",
                "--hyper", "amsgrad=true", "--lr", "0.01", "--epochs", "2", "--backend", "reference", "--json");
        assertEquals(Main.OK, r.status(), r.err());
        assertEquals(64, json(r).get("iterations").asInt(), "32 batches of 32 (the last one 8) per epoch");
        CliRun rprop = CliRun.of("minimize", "--method", "rprop", "--problem", "rosenbrock", "--hyper", "variant=rprop+",
                "--epochs", "50", "--backend", "reference", "--json");
        assertEquals(Main.OK, rprop.status(), rprop.err());
        assertEquals(50, json(rprop).get("iterations").asInt(), "full batch on a problem without examples: a step per epoch");
    }

    @Test
    void theTrajectoryHoldsValuesAndIn2DPoints() throws IOException {
        CliRun r = CliRun.of("minimize", "--method", "newton", "--problem", "beale", "--backend", "reference",
                "--trajectory", "--json");
        JsonNode j = json(r);
        JsonNode t = j.get("trajectory");
        assertEquals(j.get("iterations").asInt() + 1, t.get("values").size());
        assertEquals(t.get("values").size(), t.get("points").size());
        assertEquals(1.0, t.get("points").get(0).get(0).asDouble(), "Beale starts at (1, 1)");
        CliRun text = CliRun.of("minimize", "--method", "newton", "--problem", "beale", "--backend", "reference",
                "--trajectory");
        assertTrue(text.out().contains("0  14.20312500      (1.0000000, 1.0000000)"), text.out());
    }

    @Test
    void aRunThatDoesNotConvergeExitsOne() throws IOException {
        CliRun r = CliRun.of("minimize", "--method", "lbfgs", "--problem", "rosenbrock", "--max-iter", "5", "--backend",
                "reference", "--json");
        assertEquals(Main.FAILED, r.status());
        assertEquals("iteration-limit", json(r).get("stop").asText());
        assertEquals(5, json(r).get("iterations").asInt());
    }

    @Test
    void vsgdTrainsWithoutALearningRate() throws IOException {
        // Batches of 10 over 1000 rows, 3 epochs: 300 steps; per step the batch gradient and 10
        // per-example gradients (the mini-batch correction), vsgd-fd 10 more (each example's gradient at
        // its probe point: the finite difference is per example, Schaul & LeCun 2013); plus the full
        // gradient at the start and after each epoch. vSGD gets within 1e-2 of L-BFGS's optimum (observed
        // ~1e-3, see VsgdTrainingTest) with no rate given, vsgd-fd within 2e-2.
        double optimum = json(CliRun.of("minimize", "--method", "lbfgs", "--problem", "logistic", "--seed", "1",
                "--backend", "reference", "--json")).get("f").asDouble();
        for (String method : new String[] {"vsgd", "vsgd-fd"}) {
            CliRun r = CliRun.of("minimize", "--method", method, "--problem", "logistic", "--batch", "10", "--epochs", "3",
                    "--seed", "1", "--backend", "reference", "--json");
            assertEquals(Main.OK, r.status(), r.err());
            JsonNode j = json(r);
            assertEquals(method, j.get("method").asText());
            assertEquals("epochs-done", j.get("stop").asText());
            assertEquals(300, j.get("iterations").asInt());
            assertEquals(300 * (method.equals("vsgd") ? 11 : 21) + 4, j.get("g_evals").asInt());
            // vsgd-fd's rate factor h̄/h2̄ uses the per-example second moment of the curvature (Schaul &
            // LeCun's mini-batch rule), smaller than the batch mean's square: slower, observed 1.01e-2 here.
            double within = method.equals("vsgd") ? 1e-2 : 2e-2;
            assertTrue(j.get("f").asDouble() - optimum < within, j + " vs L-BFGS's " + optimum);
        }
        CliRun full = CliRun.of("minimize", "--method", "vsgd", "--problem", "rosenbrock", "--epochs", "20", "--backend",
                "reference", "--json");
        assertEquals(Main.OK, full.status(), full.err());
        assertEquals(20, json(full).get("iterations").asInt(), "full batch on a problem without examples");
        CliRun variant = CliRun.of("minimize", "--method", "vsgd-fd", "--problem", "logistic", "--hyper", "variant=local");
        assertEquals(Main.BAD_INPUT, variant.status());
        assertEquals(List.of("descent: vsgd-fd is vsgd with variant=fd; give --method vsgd to choose the variant"),
                variant.errLines());
    }

    @Test
    void withoutSparkOnTheClassPathASparkRunIsOneLine() {
        // The tests' class path has descent-spark but not Spark (provided): as the launcher without it.
        CliRun r = CliRun.of("minimize", "--method", "lbfgs", "--problem", "logistic", "--spark", "local[2]");
        assertEquals(Main.BAD_INPUT, r.status());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().startsWith("descent: --spark: Apache Spark is not on the class path ("), r.err());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--method foo --problem quadratic | descent: unknown method 'foo' (known: cg, ncg-pr, ncg-fr, ncg-hs, bfgs, lbfgs,"
                + " newton, hf, or an optimizer: sgd, adagrad, adadelta, rmsprop, rprop, adam, adamw, nadam, adamax, gains, vsgd, vsgd-fd)",
        "--method cg --problem bar | descent: unknown problem 'bar' (known: quadratic, rosenbrock, beale, saddle, logistic)",
        "--problem quadratic | descent: minimize needs --method (see descent help minimize)",
        "--method cg | descent: minimize needs --problem (see descent help minimize)",
        "--method cg --problem quadratic --colour red | descent: unknown option '--colour' for 'minimize' (options:"
                + " --backend, --batch, --cols, --cond, --curvature-sample, --data, --dense, --dtype, --epochs, --format,"
                + " --ftol, --gtol, --hyper, --json, --l2, --lr, --m, --max-iter, --method, --momentum, --n, --partitions,"
                + " --precondition, --problem, --reorthogonalize, --rows, --seed, --spark, --trajectory, --weight-decay)",
        "--method lbfgs --problem quadratic --spark local[2] | descent: --spark runs only the logistic problem, not quadratic",
        "--method adam --problem logistic --spark local[2] | descent: --spark runs the full-batch minimizers, not the"
                + " optimizer adam",
        "--method lbfgs --problem logistic --precondition | descent: --precondition applies only to a run on Spark"
                + " (--spark MASTER)",
        "--method lbfgs --problem logistic --spark local[2] --curvature-sample 0.5 | descent: --curvature-sample"
                + " applies only to hf, not to lbfgs",
        "--method cg --problem quadratic --n abc | descent: --n must be an integer ≥ 1, got 'abc'",
        "--method cg --problem quadratic --n 0 | descent: --n must be an integer ≥ 1, got '0'",
        "--method cg --problem quadratic --gtol -1 | descent: --gtol must be a number ≥ 0, got '-1'",
        "--method lbfgs --problem quadratic --ftol x | descent: --ftol must be a number, got 'x'",
        "--method lbfgs --problem quadratic --ftol -1 | descent: --ftol must be a number ≥ 0, got '-1'",
        "--method cg --problem quadratic --max-iter x | descent: --max-iter must be an integer ≥ 0, got 'x'",
        "--method cg --problem quadratic --dtype f16 | descent: --dtype must be f64 or f32, got 'f16'",
        "--method cg --problem quadratic --cond abc | descent: problem 'quadratic': option cond = 'abc' is not a number",
        "--method cg --problem quadratic --cond 0.5 | descent: problem 'quadratic': option cond = '0.5' is invalid:"
                + " must be in [1, ∞)",
        "--method cg --problem rosenbrock --cond 10 | descent: --cond applies only to problem quadratic, not to rosenbrock",
        "--method lbfgs --problem rosenbrock --n 3 | descent: problem 'rosenbrock' pairs its variables: n must be even"
                + " and ≥ 2, got 3",
        "--method lbfgs --problem quadratic --lr 0.1 | descent: --lr applies only to the first-order optimizers (sgd,"
                + " adagrad, adadelta, rmsprop, rprop, adam, adamw, nadam, adamax, gains, vsgd, vsgd-fd), not to lbfgs",
        "--method bfgs --problem quadratic --m 5 | descent: --m (the history length) applies only to lbfgs, not to bfgs",
        "--method lbfgs --problem quadratic --m 0 | descent: --m must be an integer ≥ 1, got '0'",
        "--method cg --problem quadratic --reorthogonalize maybe | descent: --reorthogonalize must be auto, on or off,"
                + " got 'maybe'",
        "--method lbfgs --problem rosenbrock --seed 1 | descent: --seed applies to logistic's synthetic data, a --dense"
                + " quadratic or an optimizer's batch order; rosenbrock has no seed",
        "--method newton --problem rosenbrock --n 5000 | descent: newton builds a dense n×n Hessian: n = 5000 is above"
                + " the limit 4096; use hf or lbfgs",
        "--method adam --problem logistic --hyper bogus=1 | descent: unknown hyper-parameter [bogus] for adam (known:"
                + " amsgrad, betas, decoupled_weight_decay, eps, lr, maximize, weight_decay)",
        "--method adam --problem logistic --hyper lr | descent: --hyper needs KEY=VALUE, got 'lr'",
        "--method adam --problem logistic --lr 0.1 --hyper lr=0.2 | descent: lr is given twice (--lr and --hyper lr=...)",
        "--method adam --problem logistic --lr -1 | descent: lr = -1.0 is invalid: must be in [0, ∞)",
        "--method adagrad --problem logistic --momentum 0.9 | descent: --momentum: adagrad has no momentum-like"
                + " hyper-parameter",
        "--method sgd --problem logistic --batch 2000 | descent: --batch 2000 is more than the 1000 examples of problem"
                + " 'logistic'",
        "--method sgd --problem rosenbrock --batch 10 | descent: --batch 10: problem 'rosenbrock' has no examples to"
                + " batch (only logistic has); leave --batch out or give --batch all",
        "--method sgd --problem logistic --epochs 0 | descent: --epochs must be an integer ≥ 1, got '0'",
        "--method lbfgs --problem logistic --data /no/such/file.csv | descent: --data: cannot read '/no/such/file.csv'"
                + " (no such file, or not readable)",
        "--method lbfgs --problem rosenbrock --backend unplugged | descent: backend 'unplugged' is unavailable: "
                + UnpluggedBackendProvider.REASON,
        "--method lbfgs --problem rosenbrock --json=yes | descent: option --json takes no value, got '--json=yes'",
    })
    void badInputIsOneLineAndExitTwo(String args, String message) {
        List<String> argv = new ArrayList<>(List.of("minimize"));
        argv.addAll(List.of(args.strip().split(" +")));
        CliRun r = CliRun.of(argv.toArray(String[]::new));
        assertEquals(Main.BAD_INPUT, r.status(), r.err());
        assertEquals(List.of(message), r.errLines());
        assertEquals("", r.out());
    }

    @Test
    void minimizeRunsOnOneBackend() {
        CliRun r = CliRun.of("minimize", "--method", "lbfgs", "--problem", "rosenbrock", "--backend", "all");
        assertEquals(Main.BAD_INPUT, r.status());
        assertEquals(List.of("descent: minimize runs on one backend: --backend needs one name (known: "
                + BackendChoice.knownNames() + "), got 'all'"), r.errLines());
    }

    @Test
    void aMalformedDataFileIsOneLineNamingTheLine(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "x1,x2,y\n0.5,1.0,1\n0.25,oops,0\n");
        CliRun r = CliRun.of("minimize", "--method", "lbfgs", "--problem", "logistic", "--data", csv.toString());
        assertEquals(Main.BAD_INPUT, r.status());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains("line 3"), r.err());
        assertFalse(r.err().contains("Exception"), "no stack trace: " + r.err());
    }

    @Test
    void aDataFileIsTrained(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("data.csv");
        Files.writeString(csv, "x1,x2,y\n1,0,1\n0,1,0\n1,1,1\n-1,0,0\n0,-1,1\n");
        CliRun r = CliRun.of("minimize", "--method", "lbfgs", "--problem", "logistic", "--data", csv.toString(),
                "--backend", "reference", "--json");
        assertEquals(Main.OK, r.status(), r.err());
        assertEquals(2, json(r).get("n").asInt(), "the file's features");
    }

    @Test
    void helpExplainsMinimize() {
        CliRun r = CliRun.of("help", "minimize");
        assertEquals(Main.OK, r.status());
        assertTrue(r.out().startsWith("usage: descent minimize --method M --problem P"), r.out());
        for (String word : new String[] {"cg, ncg-pr, ncg-fr, ncg-hs, bfgs, lbfgs, newton, hf", "--hyper KEY=VALUE",
                "--json", "--trajectory", "--epochs", "logistic"}) {
            assertTrue(r.out().contains(word), word + " in:\n" + r.out());
        }
        assertTrue(CliRun.of("help").out().contains("minimize --method M"), "the overview lists minimize");
    }
}
