package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.descent.io.NamedTensor;
import dev.descent.io.Safetensors;
import dev.descent.tensor.DType;
import dev.descent.tensor.HalfFloats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code descent train --dtype} and {@code --loss-scale} on the small row data set of
 * {@link TrainCommandTest}: a float32 run with a power-of-two loss scale is bit for bit the unscaled
 * run (the scale multiplies and the step unscales exactly); bfloat16 and float16 runs learn the rows
 * and end with weights their dtype holds exactly; their JSON reports the precision; bad values and
 * contradictions are one line of bad input.
 */
class TrainMixedPrecisionTest {

    @TempDir
    Path dir;

    private List<String> run() throws IOException {
        Path d = Files.createDirectories(dir.resolve("rows"));
        TrainCommandTest.writeSet(d, "train", 90, 1);
        TrainCommandTest.writeSet(d, "t10k", 30, 2);
        return List.of("train", "--data", d.toString(), "--layers", "16,8,3", "--lr", "0.05", "--batch", "10",
                "--epochs", "3", "--backend", "reference", "--json");
    }

    private static String[] with(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void aPowerOfTwoLossScaleLeavesAFloat32RunBitForBit() throws IOException {
        List<String> run = run();
        Path plain = dir.resolve("plain.safetensors");
        Path fixed = dir.resolve("fixed.safetensors");
        Path dynamic = dir.resolve("dynamic.safetensors");
        JsonNode p = TrainCommandTest.json(CliRun.of(with(run, "--save", plain.toString())));
        assertEquals("f32", p.get("dtype").asText());
        assertEquals("none", p.get("loss_scale").asText());
        assertTrue(p.get("final_loss_scale").isNull(), p.toString());
        JsonNode f = TrainCommandTest.json(CliRun.of(with(run, "--loss-scale", "1024", "--save", fixed.toString())));
        assertEquals("1024.0", f.get("loss_scale").asText());
        assertEquals(1024.0, f.get("final_loss_scale").asDouble());
        JsonNode d = TrainCommandTest.json(CliRun.of(with(run, "--loss-scale", "dynamic", "--save", dynamic.toString())));
        assertEquals(65536.0, d.get("final_loss_scale").asDouble(), "27 steps: no growth, no overflow");
        assertEquals(0, d.get("skipped_steps").asLong());
        assertArrayEquals(Files.readAllBytes(plain), Files.readAllBytes(fixed));
        assertArrayEquals(Files.readAllBytes(plain), Files.readAllBytes(dynamic));
    }

    @Test
    void bfloat16AndFloat16RunsLearnWithWeightsTheirDtypeHolds() throws IOException {
        List<String> run = run();
        for (DType dtype : List.of(DType.BFLOAT16, DType.FLOAT16)) {
            String name = dtype == DType.BFLOAT16 ? "bf16" : "f16";
            Path saved = dir.resolve(name + ".safetensors");
            JsonNode j = TrainCommandTest.json(CliRun.of(with(run, "--dtype", name, "--save", saved.toString())));
            assertEquals(name, j.get("dtype").asText());
            assertEquals(dtype == DType.FLOAT16 ? "dynamic" : "none", j.get("loss_scale").asText());
            assertTrue(j.get("test_accuracy").asDouble() > 0.9, j.toString());
            double[] loss = new double[3];
            for (int e = 0; e < 3; e++) {
                loss[e] = j.get("epoch_loss").get(e).asDouble();
            }
            assertTrue(loss[2] < loss[0], j.toString());
            for (NamedTensor t : Safetensors.read(saved)) {
                float[] v = t.values();
                for (float x : v) {
                    assertEquals(x, HalfFloats.widen(dtype, HalfFloats.narrow(dtype, x)),
                            name + ": weight " + x + " of " + t.name() + " is not a " + dtype.label());
                }
            }
        }
    }

    @Test
    void aResumedRunContinuesBitForBitWithItsDtypeAndScale() throws IOException {
        List<String> run = run();
        for (String dtype : List.of("f32", "bf16", "f16")) {
            Path straight = dir.resolve(dtype + "-straight.safetensors");
            Path resumed = dir.resolve(dtype + "-resumed.safetensors");
            Path ckpt = dir.resolve(dtype + ".ckpt");
            JsonNode whole = TrainCommandTest.json(CliRun.of(with(run, "--dtype", dtype, "--loss-scale", "dynamic",
                    "--save", straight.toString())));
            TrainCommandTest.json(CliRun.of(with(run, "--dtype", dtype, "--loss-scale", "dynamic", "--epochs", "1",
                    "--checkpoint", ckpt.toString())));
            CliRun other = CliRun.of("train", "--resume", ckpt.toString(), "--epochs", "3", "--loss-scale", "none");
            assertEquals(Main.BAD_INPUT, other.status(), other.err());
            assertEquals(List.of("descent: --resume " + ckpt + " was trained with --loss-scale dynamic, not none (leave"
                    + " --loss-scale out to continue with the checkpoint's)"), other.errLines());
            JsonNode rest = TrainCommandTest.json(CliRun.of("train", "--resume", ckpt.toString(), "--epochs", "3",
                    "--backend", "reference", "--json", "--save", resumed.toString()));
            assertEquals(dtype, rest.get("dtype").asText());
            assertEquals(whole.get("final_loss_scale").asDouble(), rest.get("final_loss_scale").asDouble(), dtype);
            assertArrayEquals(Files.readAllBytes(straight), Files.readAllBytes(resumed), dtype);
        }
    }

    @Test
    void badValuesAndContradictionsAreOneLine() throws IOException {
        List<String> run = run();
        String[][] cases = {
            {"descent: --dtype must be one of f32, bf16, f16, got 'f8'", "--dtype", "f8"},
            {"descent: --loss-scale must be dynamic, none or a number > 0 that float32 holds, got '0'",
                "--loss-scale", "0"},
            {"descent: --loss-scale must be dynamic, none or a number > 0 that float32 holds, got '1e39'",
                "--loss-scale", "1e39"},
        };
        for (String[] c : cases) {
            CliRun r = CliRun.of(with(run, c[1], c[2]));
            assertEquals(Main.BAD_INPUT, r.status(), r.err());
            assertEquals(List.of(c[0]), r.errLines());
        }
        CliRun minimizer = CliRun.of(with(List.of("train", "--data", dir.resolve("rows").toString(), "--layers",
                "16,8,3", "--optimizer", "lbfgs", "--batch", "all", "--backend", "reference"), "--dtype", "bf16"));
        assertEquals(Main.BAD_INPUT, minimizer.status());
        assertEquals(List.of("descent: --dtype bf16 applies to the first-order optimizers, not to lbfgs (the"
                + " full-batch minimizers and vsgd run in float32)"), minimizer.errLines());
        CliRun vsgd = CliRun.of(with(run, "--optimizer", "vsgd", "--loss-scale", "dynamic"));
        assertEquals(Main.BAD_INPUT, vsgd.status());
        assertEquals(List.of("descent: --loss-scale applies to the first-order optimizers, not to vsgd (the"
                + " full-batch minimizers and vsgd run in float32)"), vsgd.errLines());
    }
}
