package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.bench.BenchmarkedOptimizers;
import dev.descent.bench.harness.BenchPlan;
import dev.descent.bench.harness.Layout;
import dev.descent.bench.harness.StepMode;
import dev.descent.bench.harness.TimingPlan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code descent bench}: option parsing, the table, the JSON rows, the plots and one-line errors.
 * The real runs are tiny (a thousand elements, short runs) and no assertion compares a time with a
 * number: a loaded machine may be slow, never wrong.
 */
class BenchCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The fields the issue names, first and in this order. */
    private static final List<String> ISSUE_FIELDS = List.of("optimizer", "backend", "n", "threads", "elements_per_s",
            "gb_per_s", "roofline_fraction", "median_ns", "runs");

    /** Short timing, so that a run of a few cases takes a fraction of a second. */
    private static final String[] QUICK = {"--warmup-ms", "5", "--runs", "3", "--run-ms", "2"};

    private static CliRun bench(String... args) {
        List<String> all = new ArrayList<>(List.of("bench"));
        all.addAll(Arrays.asList(args));
        return CliRun.of(all.toArray(String[]::new));
    }

    private static CliRun quick(String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(Arrays.asList(QUICK));
        return bench(all.toArray(String[]::new));
    }

    private static List<JsonNode> jsonLines(String text) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : text.lines().toList()) {
            rows.add(JSON.readTree(line));
        }
        return rows;
    }

    private static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static BenchPlan plan(String... args) throws BadInputException {
        BenchCommand c = new BenchCommand();
        return BenchCommand.plan(Arguments.parse("bench", List.of(args), c.valueOptions(), c.flagOptions()));
    }

    @Test
    void defaultsAreTheIssuesRun() throws BadInputException {
        BenchPlan p = plan();
        assertAll(
                () -> assertEquals(List.of(10_000, 1_000_000, 10_000_000), p.sizes()),
                () -> assertEquals(BenchmarkedOptimizers.names(), p.optimizers()),
                () -> assertEquals("reference", p.backends().getFirst(), "the speed-ups' base comes first"),
                () -> assertTrue(p.backends().containsAll(List.of("reference", "simd"))),
                () -> assertEquals(List.of(Runtime.getRuntime().availableProcessors()), p.threads()),
                () -> assertEquals(1000, p.splitTensors()),
                () -> assertEquals(new Layout(1000, 10_000, true), p.layouts().get(3)),
                () -> assertEquals(new Layout(1000, 10_000, false), p.layouts().get(4)),
                () -> assertEquals(StepMode.STEP, p.mode()),
                () -> assertEquals(TimingPlan.defaults(), p.timing()));
    }

    @Test
    void optionsChooseSizesOptimizersBackendsThreadsAndTiming() throws BadInputException {
        BenchPlan p = plan("--sizes", "1e6,2000", "--optimizers", "adam,sgd-momentum,adam", "--backends", "simd",
                "--threads", "2,1", "--tensors", "10", "--kernel", "--runs", "7", "--run-ms", "20", "--warmup-ms", "0");
        assertAll(
                () -> assertEquals(List.of(2000, 1_000_000), p.sizes()),
                () -> assertEquals(List.of("adam", "sgd-momentum"), p.optimizers(), "in the order given, once each"),
                () -> assertEquals(List.of("simd"), p.backends()),
                () -> assertEquals(List.of(1, 2), p.threads()),
                () -> assertEquals(new Layout(10, 100_000, false), p.layouts().getLast()),
                () -> assertEquals(StepMode.KERNEL, p.mode()),
                () -> assertEquals(new TimingPlan(0, 7, 20_000_000), p.timing()));
        assertEquals(1, plan("--sizes", "1e5").layouts().size(), "1e5 / 1000 tensors would be 100 elements each: no split");
        assertEquals(BenchmarkedOptimizers.names(), plan("--optimizers", "all").optimizers());
    }

    @Test
    void aTinyRealRunPrintsTheRulesTheBandwidthAndTheTable() {
        CliRun r = bench("--sizes", "1000", "--optimizers", "sgd", "--backends", "reference");
        assertEquals(Main.OK, r.status(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.getFirst().startsWith("machine: ") && lines.getFirst().contains(" cores, "), r.out());
        assertTrue(lines.get(1).startsWith("timed: Optimizer.step()") && lines.get(1).contains("5 runs of ≥ 50 ms"),
                r.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("cpu +1 +1000 +[0-9.]+ +[0-9.]+")), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("OPTIMIZER  BACKEND")), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("sgd +reference +1 +1000 +[0-9.]+ +[0-9.]+–[0-9.]+ +12 .*1\\.0")),
                "the reference is 1.0× itself:\n" + r.out());
        assertTrue(lines.getLast().matches("1 cases in \\d+ s"), r.out());
        assertTrue(r.err().contains("sgd · reference · 1000"), "the progress names the case:\n" + r.err());
    }

    @Test
    void jsonRowsCarryTheIssuesFields() throws IOException {
        CliRun r = quick("--sizes", "1000", "--optimizers", "sgd,adam", "--backends", "reference,simd", "--threads", "1",
                "--json");
        assertEquals(Main.OK, r.status(), r.err());
        List<JsonNode> rows = jsonLines(r.out());
        assertEquals(4, rows.size(), "2 optimizers × 2 backends, one size:\n" + r.out());
        for (JsonNode j : rows) {
            assertAll(j.toString(),
                    () -> assertEquals(ISSUE_FIELDS, keys(j).subList(0, ISSUE_FIELDS.size())),
                    () -> assertEquals(1000, j.get("n").asLong()),
                    () -> assertEquals(1, j.get("threads").asInt()),
                    () -> assertEquals(3, j.get("runs").asInt()),
                    () -> assertTrue(j.get("median_ns").asDouble() > 0),
                    // elements/s is n over the median; GB/s is elements/s × bytes per element (1e-9 relative: rounding).
                    () -> assertEquals(1000 / (j.get("median_ns").asDouble() * 1e-9), j.get("elements_per_s").asDouble(),
                            1e-9 * j.get("elements_per_s").asDouble()),
                    () -> assertEquals(j.get("elements_per_s").asDouble() * j.get("bytes_per_element").asInt() / 1e9,
                            j.get("gb_per_s").asDouble(), 1e-9 * j.get("gb_per_s").asDouble()),
                    () -> assertEquals(j.get("gb_per_s").asDouble() / j.get("bandwidth_gb_per_s").asDouble(),
                            j.get("roofline_fraction").asDouble(), 1e-9 * j.get("roofline_fraction").asDouble()),
                    () -> assertEquals("step", j.get("timed").asText()),
                    () -> assertEquals(1, j.get("tensors").asInt()),
                    () -> assertTrue(j.get("speedup_vs_reference").isNumber()));
        }
        assertEquals(List.of("sgd", "sgd", "adam", "adam"), rows.stream().map(j -> j.get("optimizer").asText()).toList());
        assertEquals(List.of("reference", "simd", "reference", "simd"),
                rows.stream().map(j -> j.get("backend").asText()).toList());
        assertEquals(12, rows.get(0).get("bytes_per_element").asInt());
        assertEquals(28, rows.get(2).get("bytes_per_element").asInt());
        assertTrue(r.err().contains("machine: "), "with JSON on standard output the rules go to standard error");
    }

    @Test
    void outWritesTheJsonRowsToAFileAndTheTableStillPrints(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("rows.jsonl");
        CliRun r = quick("--sizes", "1000", "--optimizers", "sgd", "--backends", "reference", "--out", file.toString());
        assertEquals(Main.OK, r.status(), r.err());
        assertTrue(r.out().contains("OPTIMIZER  BACKEND"), r.out());
        List<JsonNode> rows = jsonLines(Files.readString(file, StandardCharsets.UTF_8));
        assertEquals(1, rows.size());
        assertEquals("sgd", rows.getFirst().get("optimizer").asText());
    }

    @Test
    void theSplitCasesRunFusedAndPerTensor() throws IOException {
        CliRun r = quick("--sizes", "4000", "--tensors", "20", "--optimizers", "sgd-momentum", "--backends", "simd",
                "--threads", "1", "--kernel", "--json");
        assertEquals(Main.OK, r.status(), r.err());
        List<JsonNode> rows = jsonLines(r.out());
        assertEquals(3, rows.size(), r.out());
        assertEquals(List.of(1, 20, 20), rows.stream().map(j -> j.get("tensors").asInt()).toList());
        assertEquals(List.of(true, true, false), rows.stream().map(j -> j.get("fused").asBoolean()).toList());
        assertTrue(rows.stream().allMatch(j -> j.get("n").asLong() == 4000), "the split keeps the total");
        assertTrue(rows.stream().allMatch(j -> j.get("timed").asText().equals("kernel")));
        assertTrue(rows.stream().allMatch(j -> j.get("speedup_vs_reference").isNull()), "no reference row, no speed-up");
    }

    @Test
    void anUnavailableBackendIsSkippedSayingWhyOnce() {
        CliRun r = quick("--sizes", "1000", "--optimizers", "sgd", "--backends", "reference,unplugged");
        assertEquals(Main.OK, r.status(), r.err());
        String note = "descent bench: skipping backend 'unplugged': " + UnpluggedBackendProvider.REASON;
        assertEquals(1, r.errLines().stream().filter(note::equals).count(), r.err());
        assertFalse(r.out().contains("unplugged"), r.out());

        CliRun all = quick("--sizes", "1000", "--optimizers", "sgd");
        assertEquals(Main.OK, all.status(), all.err());
        assertEquals(1, all.errLines().stream().filter(note::equals).count(), "all includes it, skipped:\n" + all.err());
    }

    @Test
    void plotsArePngAndSvg(@TempDir Path dir) throws IOException {
        Path png = dir.resolve("bench.png");
        Path svg = dir.resolve("bench.svg");
        CliRun r = quick("--sizes", "1000,2000", "--optimizers", "sgd,adam", "--backends", "reference,simd",
                "--threads", "1", "--plot", png.toString(), "--plot", svg.toString());
        assertEquals(Main.OK, r.status(), r.err());
        byte[] head = Arrays.copyOf(Files.readAllBytes(png), 8);
        assertEquals("\u0089PNG", new String(head, 0, 4, StandardCharsets.ISO_8859_1), "a PNG file");
        String text = Files.readString(svg, StandardCharsets.UTF_8);
        assertTrue(text.contains("<svg"), "an SVG document");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--sizes abc                      | --sizes: 'abc' is not a number of elements",
        "--sizes 0                        | --sizes: '0' elements is out of range",
        "--sizes 1.5                      | --sizes: '1.5' is not a whole number",
        "--sizes 1e4,                     | --sizes needs a comma-separated list without empty items",
        "--sizes 2e9                      | --sizes: '2e9' elements is out of range",
        "--optimizers adamm               | --optimizers: unknown optimizer 'adamm'",
        "--backends nope                  | --backends: unknown backend 'nope'",
        "--backends unplugged             | none of the backends asked for can run here (unplugged: no unplugged device",
        "--threads 0                      | --threads must be an integer from 1 to",
        "--threads two                    | --threads must be an integer from 1 to",
        "--tensors 0                      | --tensors must be an integer from 1 to",
        "--sizes 1000 --tensors 5000      | --tensors 5000 is more than the largest size, 1000 elements",
        "--runs 0                         | --runs must be an integer from 1 to 1000",
        "--run-ms -1                      | --run-ms must be an integer from 1 to",
        "--plot out.pdf                   | --plot needs a file ending in .png or .svg, got 'out.pdf'",
        "--plot /no/such/folder/b.png     | --plot: cannot write '/no/such/folder/b.png'",
        "--out /no/such/folder/rows.json  | --out: cannot write '/no/such/folder/rows.json'",
        "--frobnicate                     | unknown option '--frobnicate' for 'bench'",
        "--json=yes                       | option --json takes no value",
        "extra                            | 'bench' takes no arguments besides options, got 'extra'",
    })
    void badOptionsExitTwoWithOneLine(String args, String message) {
        CliRun r = bench(args.strip().split(" +"));
        assertEquals(Main.BAD_INPUT, r.status(), r.out() + r.err());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().startsWith("descent: " + message), r.err());
        assertEquals("", r.out(), "nothing runs");
    }

    @Test
    void helpListsTheOptions() {
        CliRun r = bench("--help");
        assertEquals(Main.OK, r.status());
        for (String option : List.of("--sizes", "--optimizers", "--backends", "--threads", "--tensors", "--kernel",
                "--runs", "--run-ms", "--warmup-ms", "--json", "--out", "--plot")) {
            assertTrue(r.out().contains(option), option + " in:\n" + r.out());
        }
    }
}
