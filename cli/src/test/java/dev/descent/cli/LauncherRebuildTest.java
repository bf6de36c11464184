package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./descent} rebuilds when a build input is newer than its jar ({@code scripts/stale-build.sh}):
 * run on a small project tree whose file times the test sets, so that no build is needed.
 */
class LauncherRebuildTest {

    private static final Path SCRIPT = Path.of("../scripts/stale-build.sh").toAbsolutePath().normalize();

    /** When the jar was built; older files are inputs of that build, newer ones are not. */
    private static final Instant BUILT = Instant.parse("2026-01-01T12:00:00Z");

    @TempDir
    Path root;

    private Path jar;

    @BeforeEach
    void aProjectBuiltAfterItsSources() throws IOException {
        write("pom.xml", "<project>\n  <modules>\n    <module>engine-api</module>\n    <module>cli</module>\n"
                + "  </modules>\n</project>\n");
        for (String f : List.of("engine-api/pom.xml", "engine-api/src/main/java/A.java", "engine-api/src/test/java/ATest.java",
                "cli/pom.xml", "cli/src/main/java/Main.java", "cli/src/main/resources/x.properties",
                "examples/pom.xml", "examples/src/main/java/Example.java", "README.md")) {
            write(f, "x");
        }
        try (var files = Files.walk(root)) {
            for (Path p : files.toList()) {
                Files.setLastModifiedTime(p, FileTime.from(BUILT.minusSeconds(3600)));
            }
        }
        jar = write("cli/target/descent-cli.jar", "jar");
        Files.setLastModifiedTime(jar, FileTime.from(BUILT));
    }

    @Test
    void aCurrentBuildIsKept() throws Exception {
        assertEquals("", newerSource());
    }

    @Test
    void aSourceAResourceOrAPomNewerThanTheJarMakesItStale() throws Exception {
        for (String input : List.of("engine-api/src/main/java/A.java", "cli/src/main/resources/x.properties",
                "cli/pom.xml", "pom.xml")) {
            Path p = root.resolve(input);
            Files.setLastModifiedTime(p, FileTime.from(BUILT.plusSeconds(5)));
            assertEquals(p.toString(), newerSource(), input);
            Files.setLastModifiedTime(p, FileTime.from(BUILT.minusSeconds(5)));
        }
    }

    @Test
    void aDeletedSourceMakesItStale() throws Exception {
        Path folder = root.resolve("cli/src/main/java");
        Files.delete(folder.resolve("Main.java"));
        Files.setLastModifiedTime(folder, FileTime.from(BUILT.plusSeconds(5)));
        assertEquals(folder.toString(), newerSource());
    }

    @Test
    void testsDocsAndProjectsOutsideTheModulesDoNot() throws Exception {
        for (String other : List.of("engine-api/src/test/java/ATest.java", "README.md", "examples/pom.xml",
                "examples/src/main/java/Example.java")) {
            Files.setLastModifiedTime(root.resolve(other), FileTime.from(BUILT.plusSeconds(5)));
        }
        assertEquals("", newerSource());
    }

    @Test
    void theLauncherUsesTheCheck() throws IOException {
        String launcher = Files.readString(SCRIPT.resolveSibling("../descent").normalize());
        assertTrue(launcher.contains(". \"$root/scripts/stale-build.sh\"")
                && launcher.contains("descent_newer_source \"$root\" \"$jar\"")
                && launcher.contains("changed since the last build"), launcher);
    }

    private Path write(String relative, String text) throws IOException {
        Path p = root.resolve(relative);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, text);
    }

    private String newerSource() throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("bash", "-c", ". \"$0\" && descent_newer_source \"$1\" \"$2\"", SCRIPT.toString(),
                    root.toString(), jar.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "no bash here: " + e.getMessage());
            return "";
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
