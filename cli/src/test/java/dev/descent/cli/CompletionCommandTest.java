package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code descent completion}: the script picocli generates, loaded into a real bash and asked what
 * it completes, as bash asks it at a TAB.
 */
class CompletionCommandTest {

    @TempDir
    Path dir;

    private String script() {
        CliRun r = CliRun.of("completion");
        assertEquals(Main.OK, r.status(), r.err());
        assertEquals("", r.err());
        return r.out();
    }

    /** The words bash would offer after {@code line} (the last word is the one being completed). */
    private List<String> complete(String line) throws Exception {
        Path file = Files.writeString(dir.resolve("descent.bash"), script());
        String words = line.endsWith(" ") ? line + "''" : line;
        // compopt works only while bash itself runs a completion: here it is a no-op.
        String probe = "source \"$0\" && compopt() { :; } && COMP_WORDS=(" + words + ") && COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))"
                + " && COMP_LINE=\"${COMP_WORDS[*]}\" && COMP_POINT=${#COMP_LINE} && _complete_descent"
                + " && printf '%s\\n' \"${COMPREPLY[@]}\"";
        Process p;
        try {
            p = new ProcessBuilder("bash", "-c", probe, file.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "no bash here: " + e.getMessage());
            return List.of();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out.lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    @Test
    void theScriptRegistersACompletionForDescent() {
        String script = script();
        assertTrue(script.startsWith("#!/usr/bin/env bash"), script.lines().findFirst().orElse(""));
        assertTrue(script.contains("complete -F _complete_descent") && script.contains(" descent"), "registers it");
    }

    @Test
    void commandsComplete() throws Exception {
        assertEquals(List.of("verify", "verify-trace"), complete("descent veri"));
        assertTrue(complete("descent ").containsAll(List.of("backends", "bench", "minimize", "completion", "help")));
    }

    @Test
    void optionsAndTheirValuesComplete() throws Exception {
        assertEquals(List.of("--method"), complete("descent minimize --meth"));
        List<String> methods = complete("descent minimize --method ");
        assertTrue(methods.containsAll(List.of("cg", "lbfgs", "newton", "hf", "adam", "vsgd-fd")), methods.toString());
        assertEquals(List.of("rosenbrock"), complete("descent minimize --problem ros"));
        assertTrue(complete("descent verify --backend ").containsAll(List.of("all", "reference", "simd")));
        assertTrue(complete("descent bench --").containsAll(List.of("--sizes", "--plot", "--json", "--kernel")));
        assertEquals(List.of("verify-trace"), complete("descent help verify-t"));
    }

    @Test
    void completionTakesNoArguments() {
        CliRun r = CliRun.of("completion", "zsh");
        assertEquals(Main.BAD_INPUT, r.status());
        assertEquals(List.of("descent: 'completion' takes no arguments, got 'zsh'"), r.errLines());
    }
}
