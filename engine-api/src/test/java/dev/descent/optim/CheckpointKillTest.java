package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM running {@link CheckpointLoop} — a step and an atomic checkpoint write, over and over —
 * is killed ({@link Process#destroyForcibly}, SIGKILL on Linux) at random moments, {@value #KILLS}
 * times (the system property {@code descent.kills} asks for more; scripts/kill-test.sh). After every
 * kill: the directory holds exactly one file that is not a hidden temporary, the checkpoint; it loads;
 * its step never goes back; and its parameters and optimizer state equal, bit for bit, those of an
 * uninterrupted run in this JVM at that step. Each new child resumes from the checkpoint the last one
 * left, so the comparison at the next kill also checks the resume; a last child runs to the end and its
 * final checkpoint equals the uninterrupted run's.
 */
class CheckpointKillTest {
    private static final int KILLS = 30;

    @TempDir
    Path dir;

    @Test
    void aCheckpointSurvivesAKillAtAnyMoment() throws Exception {
        int kills = Integer.getInteger("descent.kills", KILLS);
        SplittableRandom random = new SplittableRandom(Long.getLong("descent.kills.seed", 20261204));
        Path file = dir.resolve(CheckpointLoop.FILE);
        long last = -1;
        int leftovers = 0;
        int midWrite = 0;
        try (CheckpointLoop straight = new CheckpointLoop()) {
            for (int k = 0; k < kills; k++) {
                Process child = start(Long.MAX_VALUE);
                BufferedReader said = new BufferedReader(new InputStreamReader(child.getInputStream(),
                        StandardCharsets.UTF_8));
                assertEquals("ready " + Math.max(last, 0), said.readLine(), "kill " + k + ": where the child resumed");
                if (last < 0 || random.nextInt(4) != 0) { // else a kill early, in the resumed child's first step
                    String saved = said.readLine(); // its first checkpoint: progress between kills
                    assertTrue(saved != null && saved.startsWith("saved "), "the child said " + saved + "; "
                            + Files.readString(dir.resolve("child.log")));
                }
                Thread.sleep(random.nextInt(300)); // up to ~100 steps and writes: the kill lands anywhere in them
                child.destroyForcibly();
                assertTrue(child.waitFor(30, TimeUnit.SECONDS), "kill " + k + ": the child did not die");
                List<Path> temps = temporaries();
                leftovers += temps.size();
                midWrite += temps.isEmpty() ? 0 : 1;
                for (Path t : temps) {
                    Files.delete(t); // as a cleanup of stale temporaries would; nothing ever reads them
                }
                assertEquals(List.of(file), checkpoints(), "kill " + k + ": the only checkpoint-like file");
                long step = check(file, straight, "kill " + k);
                assertTrue(step >= last, "kill " + k + ": the checkpoint went back from step " + last + " to " + step);
                last = step;
            }
            Process finish = start(last + 5);
            assertEquals("ready " + last, new BufferedReader(new InputStreamReader(finish.getInputStream(),
                    StandardCharsets.UTF_8)).readLine());
            assertTrue(finish.waitFor(60, TimeUnit.SECONDS), "the last child did not finish");
            assertEquals(0, finish.exitValue(), "the last child failed; see " + dir.resolve("child.log"));
            assertEquals(last + 5, check(file, straight, "after the last resume"));
        }
        System.out.printf("CheckpointKillTest: %d kills survived, last checkpoint at step %d, %d kills left a"
                + " temporary file (%d in all)%n", kills, last, midWrite, leftovers);
    }

    /** A child JVM with this JVM's java, class path and Vector API flag, running to step {@code last}. */
    private Process start(long last) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        return new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), CheckpointLoop.class.getName(), dir.toString(),
                Long.toString(last)).redirectError(dir.resolve("child.log").toFile()).start();
    }

    /**
     * Loads the checkpoint into a fresh run and compares it, bit for bit, with the uninterrupted run
     * {@code straight} advanced to the same step; returns that step.
     */
    private static long check(Path file, CheckpointLoop straight, String when) {
        OptimizerCheckpoint cp = OptimizerCheckpoint.read(file);
        try (CheckpointLoop loaded = new CheckpointLoop()) {
            cp.copyWeight("w", loaded.w);
            cp.restore(loaded.optimizer, HyperPolicy.REJECT);
            straight.runTo(cp.stepCount());
            assertEquals(straight.optimizer.stepCount(), loaded.optimizer.stepCount(), when);
            assertArrayEquals(straight.w.toFloatArray(), loaded.w.toFloatArray(), when + ": parameters");
            assertArrayEquals(CheckpointLoop.initial(CheckpointLoop.FROZEN), cp.weight("frozen").values(),
                    when + ": frozen weights");
            for (String s : straight.optimizer.state(straight.w).keySet()) {
                assertArrayEquals(straight.optimizer.state(straight.w).get(s).toFloatArray(),
                        loaded.optimizer.state(loaded.w).get(s).toFloatArray(), when + ": state " + s);
            }
            assertEquals(straight.optimizer.groupState(0), loaded.optimizer.groupState(0), when + ": group scalars");
        }
        return cp.stepCount();
    }

    /** The files a reader looking for checkpoints would take: every name not starting with '.'. */
    private List<Path> checkpoints() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")
                    && !p.getFileName().toString().equals("child.log")).sorted().toList();
        }
    }

    /** Temporary files a killed write left: hidden, named after the checkpoint, ending in .tmp. */
    private List<Path> temporaries() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> out = new ArrayList<>();
            s.filter(p -> p.getFileName().toString().startsWith("." + CheckpointLoop.FILE + ".")).forEach(p -> {
                assertTrue(p.getFileName().toString().endsWith(".tmp"), "a stray file " + p);
                out.add(p);
            });
            return out;
        }
    }
}
