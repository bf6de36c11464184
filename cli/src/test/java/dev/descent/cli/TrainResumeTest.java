package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code descent train --checkpoint/--resume}: a run resumed from the checkpoint of its first epoch
 * ends with the bits of the uninterrupted run; settings that conflict with the checkpoint's, and
 * damaged, truncated or foreign checkpoints, are one line with exit status 2 and leave every file as
 * it was.
 */
class TrainResumeTest {

    @TempDir
    Path dir;

    /** 90 training and 30 test examples of 16 features in 3 classes (TrainCommandTest's rows). */
    private Path dataset() throws IOException {
        Path d = Files.createDirectories(dir.resolve("rows"));
        TrainCommandTest.writeSet(d, "train", 90, 1);
        TrainCommandTest.writeSet(d, "t10k", 30, 2);
        return d;
    }

    private static String[] args(Path data, String... more) {
        List<String> a = new ArrayList<>(List.of("train", "--data", data.toString(), "--layers", "16,8,3",
                "--optimizer", "adam", "--lr", "0.05", "--batch", "10", "--seed", "4", "--json"));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    private static JsonNode ok(CliRun r) throws IOException {
        return TrainCommandTest.json(r);
    }

    @Test
    void twoEpochsStraightEqualOneEpochThenAResumedOneBitForBit() throws IOException {
        Path data = dataset();
        for (String backend : List.of("reference", "simd")) {
            Path straight = dir.resolve(backend + "-straight.ckpt");
            Path straightWeights = dir.resolve(backend + "-straight.safetensors");
            JsonNode two = ok(CliRun.of(args(data, "--backend", backend, "--epochs", "2", "--checkpoint",
                    straight.toString(), "--save", straightWeights.toString())));
            Path split = dir.resolve(backend + "-split.ckpt");
            Path splitWeights = dir.resolve(backend + "-split.safetensors");
            ok(CliRun.of(args(data, "--backend", backend, "--epochs", "1", "--checkpoint", split.toString())));
            byte[] afterOne = Files.readAllBytes(split);
            // Only --resume and what may change: the settings come from the checkpoint.
            JsonNode resumed = ok(CliRun.of("train", "--resume", split.toString(), "--epochs", "2", "--backend",
                    backend, "--checkpoint", split.toString(), "--save", splitWeights.toString(), "--json"));
            assertArrayEquals(Files.readAllBytes(straightWeights), Files.readAllBytes(splitWeights),
                    backend + ": the weights of 2 epochs straight and of 1 + 1 resumed, byte for byte");
            assertArrayEquals(Files.readAllBytes(straight), Files.readAllBytes(split),
                    backend + ": the checkpoints too (weights, optimizer state, step count, settings)");
            assertFalse(Arrays.equals(afterOne, Files.readAllBytes(split)), "the second epoch moved the weights");
            assertEquals(9, resumed.get("resumed_steps").asInt());
            assertEquals(18, resumed.get("steps").asInt());
            assertEquals(1, resumed.get("epoch_loss").size());
            assertEquals(two.get("epoch_loss").get(1).asDouble(), resumed.get("epoch_loss").get(0).asDouble(), 0,
                    "the resumed epoch saw the same batches from the same state");
            assertEquals(two.get("train_loss").asDouble(), resumed.get("train_loss").asDouble(), 0);
        }
    }

    @Test
    void aRunStoppedWithinAnEpochResumesAtItsNextBatchAndItsSchedule() throws IOException {
        // 9 batches per epoch: --max-iter 13 stops 4 batches into the second epoch, and the checkpoint
        // written there resumes with the fifth, at the schedule's 14th step.
        Path data = dataset();
        Path straightWeights = dir.resolve("straight.safetensors");
        // A schedule resumes with the step count (its length spelt out, as --max-iter shortens the first
        // run), and the clipping comes from the checkpoint.
        String cosine = "cosine:t_max=24,warmup=3,eta_min=0.001";
        ok(CliRun.of(args(data, "--backend", "reference", "--epochs", "3", "--lr-schedule", cosine,
                "--clip-grad-norm", "0.5", "--save", straightWeights.toString())));
        Path ckpt = dir.resolve("run.ckpt");
        JsonNode first = ok(CliRun.of(args(data, "--backend", "reference", "--epochs", "3", "--max-iter", "13",
                "--lr-schedule", cosine, "--clip-grad-norm", "0.5", "--checkpoint", ckpt.toString())));
        assertEquals(13, first.get("steps").asInt());
        Path resumedWeights = dir.resolve("resumed.safetensors");
        JsonNode rest = ok(CliRun.of(args(data, "--backend", "reference", "--epochs", "3", "--resume", ckpt.toString(),
                "--save", resumedWeights.toString())));
        assertEquals(27, rest.get("steps").asInt());
        assertEquals(0.5, rest.get("clip_grad_norm").asDouble());
        assertEquals("cosine:t_max=24,eta_min=0.001,warmup=3", rest.get("lr_schedule").asText());
        assertArrayEquals(Files.readAllBytes(straightWeights), Files.readAllBytes(resumedWeights));
    }

    @Test
    void plateauAndOneCycleSchedulesResumeExactly() throws IOException {
        // plateau: with threshold 0.9 (rel) and patience 0, every epoch after the first that does not cut
        // the best loss tenfold halves the rate — at the ends of epochs 2 and 3; its counters and best
        // loss travel in the checkpoint, the lowered rate in the optimizer's hyper-parameters (which
        // then differ from --lr on the command line, as they should). Splits within epoch 2 (step 13:
        // the epoch's loss so far is carried) and at its end (step 18, just after a reduction).
        Path data = dataset();
        Path plain = dir.resolve("plain.safetensors");
        ok(CliRun.of(args(data, "--backend", "reference", "--epochs", "3", "--save", plain.toString())));
        for (String schedule : List.of("plateau:threshold=0.9,patience=0,factor=0.5", "onecycle:total_steps=27")) {
            Path straight = dir.resolve("straight.safetensors");
            ok(CliRun.of(args(data, "--backend", "reference", "--epochs", "3", "--lr-schedule", schedule, "--save",
                    straight.toString())));
            assertFalse(Arrays.equals(Files.readAllBytes(plain), Files.readAllBytes(straight)), schedule + " acts");
            for (String stop : List.of("13", "18")) {
                Path ckpt = dir.resolve("split-" + stop + ".ckpt");
                ok(CliRun.of(args(data, "--backend", "reference", "--epochs", "3", "--max-iter", stop, "--lr-schedule",
                        schedule, "--checkpoint", ckpt.toString())));
                Path resumed = dir.resolve("resumed.safetensors");
                ok(CliRun.of(args(data, "--backend", "reference", "--epochs", "3", "--resume", ckpt.toString(),
                        "--save", resumed.toString())));
                assertArrayEquals(Files.readAllBytes(straight), Files.readAllBytes(resumed), schedule + " split at "
                        + stop);
            }
        }
    }

    /** A checkpoint of one epoch, and the command lines that resume it wrongly, each with its error. */
    @Test
    void settingsThatConflictWithTheCheckpointAreOneLineAndChangeNothing() throws IOException {
        Path data = dataset();
        Path ckpt = dir.resolve("run.ckpt");
        ok(CliRun.of(args(data, "--backend", "reference", "--epochs", "1", "--checkpoint", ckpt.toString())));
        byte[] before = Files.readAllBytes(ckpt);
        Path save = dir.resolve("never.safetensors");
        String[][] cases = {
            {"was trained with --layers 16,8,3, not 16,5,3", "--layers", "16,5,3"},
            {"was trained with --optimizer adam, not sgd", "--optimizer", "sgd"},
            {"was trained with --batch 10, not 30", "--batch", "30"},
            {"was trained with --seed 4, not 5", "--seed", "5"},
            {"was trained with --activation relu, not tanh", "--activation", "tanh"},
            {"lr 0.05 in the checkpoint, 0.01 on the command line", "--lr", "0.01"},
            {"was trained on 90 examples, but", "--train-examples", "60"},
            {"was trained with --clip-grad-norm none, not 2.0", "--clip-grad-norm", "2"},
            {"was trained with --lr-schedule constant, not cosine:t_max=18", "--lr-schedule", "cosine"},
            {"has taken 9 steps (1 epoch): nothing is left of --epochs 1", "--epochs", "1"},
            {"--init and --resume both give the starting weights", "--init", ckpt.toString()},
        };
        for (String[] c : cases) {
            List<String> a = new ArrayList<>(List.of("train", "--resume", ckpt.toString(), "--backend", "reference",
                    "--checkpoint", ckpt.toString(), "--save", save.toString(), "--epochs", "2"));
            a.addAll(List.of(c).subList(1, c.length));
            CliRun r = CliRun.of(a.toArray(String[]::new));
            assertEquals(Main.BAD_INPUT, r.status(), c[1] + ": " + r.out() + r.err());
            assertEquals(1, r.errLines().size(), r.err());
            assertTrue(r.err().contains(c[0]), c[1] + ": " + r.err());
            assertArrayEquals(before, Files.readAllBytes(ckpt), c[1] + ": the checkpoint is untouched");
            assertFalse(Files.exists(save), c[1] + ": nothing saved");
        }
    }

    @Test
    void damagedTruncatedAndForeignCheckpointsAreOneLineAndChangeNothing() throws IOException {
        Path data = dataset();
        Path good = dir.resolve("good.ckpt");
        Path weights = dir.resolve("weights.safetensors");
        ok(CliRun.of(args(data, "--backend", "reference", "--epochs", "1", "--checkpoint", good.toString(), "--save",
                weights.toString())));
        byte[] bytes = Files.readAllBytes(good);
        List<byte[]> damaged = new ArrayList<>();
        for (int length : new int[] {0, 5, 8, 40, bytes.length / 2, bytes.length - 1}) {
            damaged.add(Arrays.copyOf(bytes, length)); // truncated
        }
        SplittableRandom random = new SplittableRandom(9);
        long header = 8 + (bytes[0] & 0xFF) + ((bytes[1] & 0xFF) << 8) + ((long) (bytes[2] & 0xFF) << 16);
        for (int i = 0; i < 40; i++) {
            byte[] b = bytes.clone();
            int at = 8 + random.nextInt((int) header - 8); // a byte of the JSON header
            b[at] = (byte) random.nextInt(256);
            damaged.add(b);
        }
        damaged.add(Files.readAllBytes(weights)); // a weights file: no optimizer in it
        Path file = dir.resolve("resume.ckpt");
        Path save = dir.resolve("never.safetensors");
        int refused = 0;
        for (byte[] d : damaged) {
            Files.write(file, d);
            Files.deleteIfExists(save); // a run that a harmless flip left valid wrote it
            CliRun r = CliRun.of("train", "--resume", file.toString(), "--data", data.toString(), "--backend",
                    "reference", "--epochs", "2", "--checkpoint", file.toString(), "--save", save.toString());
            if (r.status() == Main.OK) {
                continue; // a flipped byte can leave a valid checkpoint (a digit of the seed, of a learning rate)
            }
            refused++;
            assertEquals(Main.BAD_INPUT, r.status(), r.out() + r.err());
            assertEquals(1, r.errLines().size(), r.err());
            assertTrue(r.err().startsWith("descent: --resume " + file), r.err());
            assertArrayEquals(d, Files.readAllBytes(file), "the damaged file is left as it was: " + r.err());
            assertFalse(Files.exists(save), r.err());
        }
        assertTrue(refused >= damaged.size() - 20, refused + " of " + damaged.size() + " refused");
        CliRun missing = CliRun.of("train", "--resume", dir.resolve("none.ckpt").toString(), "--backend", "reference");
        assertEquals(Main.BAD_INPUT, missing.status());
        assertEquals(1, missing.errLines().size(), missing.err());
    }

    @Test
    void minimizersRefuseCheckpointsAndAMissingFolderIsRefusedBeforeTraining() throws IOException {
        Path data = dataset();
        CliRun lbfgs = CliRun.of("train", "--data", data.toString(), "--layers", "16,8,3", "--optimizer", "lbfgs",
                "--batch", "all", "--backend", "reference", "--checkpoint", dir.resolve("x.ckpt").toString());
        assertEquals(Main.BAD_INPUT, lbfgs.status(), lbfgs.out() + lbfgs.err());
        assertEquals(List.of("descent: --checkpoint applies to the first-order optimizers, not to lbfgs (a full-batch"
                + " minimizer's state, its curvature history, is not checkpointed)"), lbfgs.errLines());
        Path nowhere = dir.resolve("no-such-folder").resolve("run.ckpt");
        CliRun r = CliRun.of(args(data, "--backend", "reference", "--checkpoint", nowhere.toString()));
        assertEquals(Main.BAD_INPUT, r.status());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains("no directory"), r.err());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("rows"), files.map(p -> p.getFileName().toString()).toList());
        }
    }
}
