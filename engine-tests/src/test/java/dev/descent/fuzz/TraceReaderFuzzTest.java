package dev.descent.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.descent.verify.TraceFormatException;
import dev.descent.verify.TraceReader;
import dev.descent.verify.TrainTraceReader;
import java.nio.file.Path;

/**
 * Coverage-guided fuzzing of the trace readers ({@code descent-trace/1}, {@code descent-train-trace/1}
 * and {@link TraceReader#readAny}, which tells them apart): every input is read or rejected with a
 * {@link TraceFormatException} naming the file; any other exception, an {@link OutOfMemoryError} or a
 * stack overflow is a finding. Without {@code JAZZER_FUZZ=1} this replays the corpus in
 * {@code src/test/resources/dev/descent/fuzz/TraceReaderFuzzTestInputs/} (docs/reliability.md).
 */
class TraceReaderFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void trace(byte[] data) {
        Path file = FuzzFiles.write("trace.json", data);
        try {
            TraceReader.read(file);
        } catch (TraceFormatException e) {
            FuzzFiles.assertNames(file, e);
        }
    }

    @FuzzTest(maxDuration = "10m")
    void trainTrace(byte[] data) {
        Path file = FuzzFiles.write("train-trace.json", data);
        try {
            TrainTraceReader.read(file);
        } catch (TraceFormatException e) {
            FuzzFiles.assertNames(file, e);
        }
    }

    @FuzzTest(maxDuration = "10m")
    void anyTrace(byte[] data) {
        Path file = FuzzFiles.write("any-trace.json", data);
        try {
            TraceReader.readAny(file);
        } catch (TraceFormatException e) {
            FuzzFiles.assertNames(file, e);
        }
    }
}
