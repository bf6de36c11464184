package dev.descent.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.descent.verify.TraceFormatException;
import dev.descent.verify.TraceReader;
import dev.descent.verify.TrainTraceReader;

/**
 * Coverage-guided fuzzing of the trace readers ({@code descent-trace/1}, {@code descent-train-trace/1}
 * and {@link TraceReader#readAny}, which tells them apart): every input is read or rejected with a
 * {@link TraceFormatException} naming the file; any other exception, an {@link OutOfMemoryError} or a
 * stack overflow is a finding. Without {@code JAZZER_FUZZ=1} this replays the corpus in
 * {@code src/test/resources/dev/descent/fuzz/TraceReaderFuzzTestInputs/} (docs/reliability.md).
 */
class TraceReaderFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void trace(byte[] data) throws Exception {
        FuzzFiles.readOrReject("trace.json", data, TraceFormatException.class, TraceReader::read);
    }

    @FuzzTest(maxDuration = "10m")
    void trainTrace(byte[] data) throws Exception {
        FuzzFiles.readOrReject("train-trace.json", data, TraceFormatException.class, TrainTraceReader::read);
    }

    @FuzzTest(maxDuration = "10m")
    void anyTrace(byte[] data) throws Exception {
        FuzzFiles.readOrReject("any-trace.json", data, TraceFormatException.class, TraceReader::readAny);
    }
}
