package dev.descent.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.Backends;
import dev.descent.minimize.MinimizeResult;
import dev.descent.minimize.Minimizers;
import dev.descent.objective.LabeledData;
import dev.descent.objective.LabeledDataCsv;
import dev.descent.objective.LogisticRegression;
import dev.descent.tensor.DType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The readers: the same small data set written as CSV (with a header, labels 0/1), LIBSVM and
 * Parquet comes back as the same examples, in order, exactly (the values are written with all their
 * digits); and a whole run from a file gives the single-machine run's result.
 */
class SparkDataTest {

    private static final LabeledData DATA = LabeledData.synthetic(300, 5, 2);

    @TempDir
    Path dir;

    @Test
    void csvLibsvmAndParquetGiveTheSameExamples() throws IOException {
        Path csv = writeCsv(dir.resolve("data.csv"));
        assertSame(read(csv.toString(), DataFormat.CSV));
        Path libsvm = dir.resolve("data.libsvm");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < DATA.rows(); i++) {
            text.append(DATA.labels()[i] > 0 ? "1" : "0");
            for (int j = 0; j < DATA.cols(); j++) {
                text.append(' ').append(j + 1).append(':').append(DATA.features()[i * DATA.cols() + j]);
            }
            text.append('\n');
        }
        Files.writeString(libsvm, text);
        assertSame(read(libsvm.toString(), DataFormat.LIBSVM));
        String parquet = dir.resolve("data.parquet").toString();
        MllibLogistic.frame(SparkTestSession.session(), DATA, 1).write().parquet(parquet);
        assertSame(read(parquet, DataFormat.PARQUET));
        assertEquals(DataFormat.PARQUET, DataFormat.guess(parquet + "/"));
        assertEquals(DataFormat.LIBSVM, DataFormat.guess(libsvm.toString()));
    }

    @Test
    void aBadLabelIsAnErrorNamingIt() throws IOException {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "1.0,2.0,1\n3.0,4.0,0.5\n");
        SparkData.Blocks blocks = SparkData.read(SparkTestSession.session(), csv.toString(), DataFormat.CSV, 10);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DistributedLogisticRegression(blocks.blocks(), blocks.cols(), DistributedOptions.defaults()));
        assertEquals(csv + ": a row has label 0.5; labels must be 0/1 or -1/+1", e.getMessage());
    }

    @Test
    void aRunFromAFileIsTheSingleMachineRun() throws IOException {
        Path csv = writeCsv(dir.resolve("run.csv"));
        SparkTestSession.session(); // the run joins it (master null), as under spark-submit
        SparkMinimize.Outcome spark = SparkMinimize.run(null, SparkMinimize.Source.file(csv.toString(), null, 2),
                DistributedOptions.defaults(), Minimizers.create("lbfgs"), Backends.best(), DType.FLOAT64, false);
        LabeledData read = LabeledDataCsv.read(csv);
        try (LogisticRegression local = new LogisticRegression(read, DistributedOptions.DEFAULT_L2)) {
            MinimizeResult r = DistributedLogisticRegressionTest.run("lbfgs", local);
            assertEquals(r.value(), spark.result().value(), 1e-9 * r.value(), "f");
            assertEquals(r.iterations(), spark.result().iterations(), "iterations");
            assertEquals(DATA.rows(), spark.examples());
        }
        assertFalse(SparkTestSession.session().sparkContext().isStopped(), "a joined session stays up");
    }

    private Path writeCsv(Path file) throws IOException {
        StringBuilder text = new StringBuilder("x1,x2,x3,x4,x5,label\n");
        for (int i = 0; i < DATA.rows(); i++) {
            for (int j = 0; j < DATA.cols(); j++) {
                text.append(String.format(Locale.ROOT, "%s,", DATA.features()[i * DATA.cols() + j]));
            }
            text.append(DATA.labels()[i] > 0 ? "1" : "0").append('\n');
        }
        Files.writeString(file, text);
        return file;
    }

    private static List<ExampleBlock> read(String path, DataFormat format) {
        SparkData.Blocks blocks = SparkData.read(SparkTestSession.session(), path, format, 64);
        assertEquals(DATA.cols(), blocks.cols(), format + ": features");
        List<ExampleBlock> list = new java.util.ArrayList<>(blocks.blocks().collect());
        list.sort(Comparator.comparingInt(ExampleBlock::index));
        return list;
    }

    /** The blocks, in order, hold exactly DATA's examples. */
    private static void assertSame(List<ExampleBlock> blocks) {
        double[] x = new double[DATA.features().length];
        double[] y = new double[DATA.rows()];
        int row = 0;
        for (ExampleBlock b : blocks) {
            System.arraycopy(b.features(), 0, x, row * DATA.cols(), b.features().length);
            System.arraycopy(b.labels(), 0, y, row, b.rows());
            row += b.rows();
        }
        assertEquals(DATA.rows(), row, "examples");
        assertArrayEquals(DATA.features(), x, "features");
        assertArrayEquals(DATA.labels(), y, "labels");
    }
}
