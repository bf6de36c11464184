package dev.descent.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.descent.spark.PlainParse.Parsed;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SparkData#read} on seeded random CSV and LIBSVM files, checked against a plain Java parse of
 * the same bytes ({@link PlainParse}), and on Parquet folders written by Spark. Well-formed files —
 * random sizes, with or without a header, labels 0/1 or −1/+1, CRLF or LF, blank lines, random block
 * sizes, files split into partitions of 256 bytes and up — read back to exactly the examples
 * written, cut into full blocks but each partition's last. Damaged files — a truncated line, a cut
 * file, a cell that is not a finite number, a label outside {0, 1} / {−1, +1}, a ragged row, an empty
 * file, binary garbage, a header alone, random character edits — read to exactly what the plain
 * parse finds in them, or, where it finds none, fail with an {@link IllegalArgumentException} whose
 * one-line message names the file and says more: at {@code read} or in the objective's first pass
 * over the blocks, never another exception, never examples from a bad file, never a hang (a minute a
 * file). One Spark session for the class; tens of files (Spark's jobs are the cost).
 */
class SparkDataFuzzTest {

    /** Rounds of cases: 1 in CI (about 0.2 s a case); more for a longer search, {@code -Ddescent.sparkFuzzRounds=N}. */
    private static final int ROUNDS = Integer.getInteger("descent.sparkFuzzRounds", 1);
    private static final int WELL_FORMED = 8 * ROUNDS;
    private static final int DAMAGED = 18 * ROUNDS; // each damage once in each format a round
    private static final int PARQUET = 10 * ROUNDS; // each damage once in each layout a round
    private static final String SPLIT = "spark.sql.files.maxPartitionBytes";
    private static final String[] NOT_NUMBERS = {"x", "abc", "1.2.3", "--1", "", "1e", "?", "true", "0,5", "NaN",
        "Inf", "-Infinity"};
    /** A word the rejection of each damage must hold where it is sure (the kinds of {@link #damage}). */
    private static final String[] PROBLEM_WORDS = {null, null, null, "label", null, "no examples", null, null, null};
    private static final String[] BAD_LABELS = {"2", "0.5", "-2", "3", "1e3", "-0.5", "0.999", "-1.5"};

    @TempDir
    static Path dir;

    /** A file's text and the examples it was written from (labels ±1). */
    private record Written(String text, int rows, int cols, double[] x, double[] y) {
    }

    @Test
    void wellFormedFilesReadBackExactly() throws IOException {
        SplittableRandom random = new SplittableRandom(20261204);
        for (int trial = 0; trial < WELL_FORMED; trial++) {
            DataFormat format = trial % 2 == 0 ? DataFormat.CSV : DataFormat.LIBSVM;
            Written w = format == DataFormat.CSV ? csv(random) : libsvm(random);
            String what = "well-formed " + trial + " (" + format + ")";
            Parsed plain = PlainParse.parse(w.text(), format);
            assertTrue(plain.valid(), what + ": the plain parse says " + plain.problem() + "\n" + w.text());
            // The oracle itself reads what was written.
            assertEquals(w.rows(), plain.rows(), what);
            assertEquals(w.cols(), plain.cols(), what);
            assertArrayEquals(w.x(), plain.features(), what);
            assertArrayEquals(w.y(), plain.labels(), what);
            Path file = Files.writeString(dir.resolve("ok-" + trial + extension(format)), w.text());
            assertReadsAsPlain(file, format, random, what);
        }
    }

    @Test
    void damagedFilesReadAsThePlainParseOrFailNamingTheFile() throws IOException {
        SplittableRandom random = new SplittableRandom(20261205);
        int rejected = 0;
        for (int trial = 0; trial < DAMAGED; trial++) {
            DataFormat format = trial / 9 % 2 == 0 ? DataFormat.CSV : DataFormat.LIBSVM;
            Written w = format == DataFormat.CSV ? csv(random) : libsvm(random);
            int kind = trial % 9;
            byte[] bytes = damage(w.text(), format, kind, random);
            Path file = Files.write(dir.resolve("damaged-" + trial + extension(format)), bytes);
            String what = "damaged " + trial + " (" + format + ", damage " + kind + ")";
            String rejection = assertReadsAsPlain(file, format, random, what);
            if (rejection != null) {
                rejected++;
                String word = PROBLEM_WORDS[kind];
                assertTrue(word == null || rejection.contains(word), what + ": '" + word + "' not in " + rejection);
            }
        }
        assertTrue(rejected >= DAMAGED / 2, rejected + " of " + DAMAGED + " damaged files rejected");
    }

    /**
     * Parquet, written by Spark: numeric columns (the label last) or MLlib's label and features vector
     * read back exactly; a truncated, garbage or empty part file, no rows, a label 2, a string column
     * or vectors of two sizes are rejected naming the folder.
     */
    @Test
    void parquetFilesReadBackExactlyOrFailNamingTheFolder() throws IOException {
        SplittableRandom random = new SplittableRandom(20261206);
        SparkSession spark = SparkTestSession.session();
        for (int trial = 0; trial < PARQUET; trial++) {
            boolean vector = trial % 2 == 1;
            // 0: none; 1: no rows; 2: a label 2; 3: a string column, or vectors of two sizes; 4: the part file
            int kind = trial / 2 % 5;
            int rows = kind == 1 ? 0 : (kind == 3 ? 2 : 1) + random.nextInt(30);
            int cols = 1 + random.nextInt(5);
            boolean signed = random.nextBoolean();
            double[] x = new double[rows * cols];
            double[] y = new double[rows];
            StructType schema = new StructType();
            if (vector) {
                schema = schema.add("label", DataTypes.DoubleType).add("features", SQLDataTypes.VectorType());
            } else {
                for (int j = 0; j < cols; j++) {
                    schema = schema.add("c" + j, kind == 3 && j == 0 ? DataTypes.StringType : DataTypes.DoubleType);
                }
                schema = schema.add("label", DataTypes.DoubleType);
            }
            int bad = random.nextInt(Math.max(rows, 1));
            List<Row> list = new ArrayList<>();
            for (int i = 0; i < rows; i++) {
                double[] row = new double[kind == 3 && vector && i == bad ? cols + 1 : cols];
                for (int j = 0; j < row.length; j++) {
                    row[j] = Double.parseDouble(number(random));
                }
                System.arraycopy(row, 0, x, i * cols, cols);
                y[i] = random.nextBoolean() ? 1 : -1;
                double label = kind == 2 && i == bad ? 2 : y[i] > 0 ? 1 : signed ? -1 : 0;
                List<Object> values = new ArrayList<>();
                if (vector) {
                    values.add(label);
                    values.add(Vectors.dense(row));
                } else {
                    for (int j = 0; j < cols; j++) {
                        values.add(kind == 3 && j == 0 ? Double.toString(row[j]) : (Object) row[j]);
                    }
                    values.add(label);
                }
                list.add(RowFactory.create(values.toArray()));
            }
            String path = dir.resolve("data-" + trial + ".parquet").toString();
            spark.createDataFrame(list, schema).coalesce(1).write().parquet(path);
            String what = "parquet " + trial + (vector ? " (vector" : " (columns") + ", damage " + kind + ")";
            if (kind == 4) {
                what += ", " + damagePartFile(Path.of(path), random);
            }
            Parsed expected = kind == 0 ? new Parsed(rows, cols, x, y, null) : Parsed.bad("damage " + kind);
            assertReads(path, DataFormat.PARQUET, expected, 1 + random.nextInt(rows + 2), 256L << random.nextInt(4),
                    what);
        }
    }

    /** The Parquet part file in {@code folder} truncated, overwritten with garbage or emptied; what was done. */
    private static String damagePartFile(Path folder, SplittableRandom random) throws IOException {
        Path part;
        try (var files = Files.list(folder)) {
            part = files.filter(f -> f.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(part);
        byte[] damaged = switch (random.nextInt(3)) {
            case 0 -> Arrays.copyOf(bytes, random.nextInt(bytes.length));
            case 1 -> {
                byte[] garbage = new byte[bytes.length];
                random.nextBytes(garbage);
                yield garbage;
            }
            default -> new byte[0];
        };
        Files.write(part, damaged);
        return "part file of " + bytes.length + " bytes made " + damaged.length + (damaged.length == bytes.length
                ? " bytes of garbage" : " bytes");
    }

    /**
     * Reads {@code file} as {@code format} with random blocks and splits: the examples of the plain
     * parse (then null), or, for a file it finds bad, the one-line rejection naming the file (its message).
     */
    private static String assertReadsAsPlain(Path file, DataFormat format, SplittableRandom random, String what)
            throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        Parsed plain = PlainParse.parse(new String(bytes, StandardCharsets.UTF_8), format);
        int blockRows = 1 + random.nextInt(plain.valid() ? plain.rows() + 2 : 8);
        long split = 256L << random.nextInt(4); // 256 B … 2 KiB: most files in several partitions
        return assertReads(file.toString(), format, plain, blockRows, split,
                what + ", " + blockRows + " rows a block, splits of " + split + " B, file:\n" + shown(bytes));
    }

    /**
     * Reads {@code path} with {@code blockRows} rows a block and files split every {@code split} bytes:
     * exactly {@code expected}'s examples (then null), or, when it is bad, an {@link
     * IllegalArgumentException} from {@code read} or from the objective's first pass over the blocks,
     * one line naming {@code path} (then its message).
     */
    private static String assertReads(String path, DataFormat format, Parsed expected, int blockRows, long split,
            String context) {
        // Never a hang: a read of these small files takes well under a second.
        return assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> readsAs(path, format, expected, blockRows, split, context), context + "\nhangs");
    }

    private static String readsAs(String path, DataFormat format, Parsed expected, int blockRows, long split,
            String context) {
        SparkSession spark = SparkTestSession.session();
        spark.conf().set(SPLIT, split);
        try {
            if (expected.valid()) {
                List<ExampleBlock> blocks;
                int cols;
                try {
                    SparkData.Blocks read = SparkData.read(spark, path, format, blockRows);
                    blocks = new ArrayList<>(read.blocks().collect());
                    cols = read.cols();
                } catch (Exception e) {
                    throw new AssertionError(context + "\nrejected, though it holds " + expected.rows()
                            + " examples: " + e, e);
                }
                assertBlocks(blocks, blockRows, cols, expected, context);
                return null;
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
                SparkData.Blocks read = SparkData.read(spark, path, format, blockRows);
                try (DistributedLogisticRegression objective = new DistributedLogisticRegression(read.blocks(),
                        read.cols(), DistributedOptions.defaults())) {
                    fail("read " + objective.exampleCount() + " examples");
                }
            }, context + "\nnot rejected, though " + expected.problem());
            String m = String.valueOf(e.getMessage());
            assertTrue(m.contains(path), context + "\nthe message does not name the file: " + m);
            assertTrue(m.length() > path.length() + 10, context + "\nthe message names no problem: " + m);
            assertFalse(m.contains("\n") || m.contains("\r"), context + "\nthe message is not one line: " + m);
            return m;
        } finally {
            spark.conf().unset(SPLIT);
        }
    }

    /**
     * The blocks, ordered by their numbers, hold exactly the plain parse's examples; each partition's
     * blocks are numbered from {@code partition·2¹⁶} on and full but the last.
     */
    private static void assertBlocks(List<ExampleBlock> blocks, int blockRows, int cols, Parsed plain,
            String context) {
        assertEquals(plain.cols(), cols, context + "\nfeatures");
        blocks.sort(Comparator.comparingInt(ExampleBlock::index));
        double[] x = new double[plain.features().length];
        double[] y = new double[plain.rows()];
        int row = 0;
        for (int b = 0; b < blocks.size(); b++) {
            ExampleBlock block = blocks.get(b);
            int partition = block.index() >>> 16;
            boolean lastOfPartition = b + 1 == blocks.size() || blocks.get(b + 1).index() >>> 16 != partition;
            boolean firstOfPartition = b == 0 || blocks.get(b - 1).index() >>> 16 != partition;
            assertTrue(firstOfPartition ? (block.index() & 0xFFFF) == 0
                    : block.index() == blocks.get(b - 1).index() + 1, context + "\nblock numbers");
            assertTrue(lastOfPartition ? block.rows() <= blockRows : block.rows() == blockRows,
                    context + "\nblock " + block.index() + " of " + block.rows() + " rows");
            assertEquals(cols, block.cols(), context + "\ncolumns of block " + block.index());
            assertTrue(row + block.rows() <= plain.rows(), context + "\nmore examples than " + plain.rows());
            System.arraycopy(block.features(), 0, x, row * cols, block.features().length);
            System.arraycopy(block.labels(), 0, y, row, block.rows());
            row += block.rows();
        }
        assertEquals(plain.rows(), row, context + "\nexamples");
        assertArrayEquals(plain.features(), x, context + "\nfeatures");
        assertArrayEquals(plain.labels(), y, context + "\nlabels");
    }

    // ---- Writing ------------------------------------------------------------------------------

    private static Written csv(SplittableRandom random) {
        int rows = 1 + random.nextInt(40);
        int cols = 1 + random.nextInt(6);
        boolean signed = random.nextBoolean();
        String eol = random.nextInt(4) == 0 ? "\r\n" : "\n";
        double[] x = new double[rows * cols];
        double[] y = new double[rows];
        StringBuilder text = new StringBuilder();
        if (random.nextInt(6) == 0) {
            text.append(eol); // a blank first line
        }
        if (random.nextBoolean()) {
            for (int j = 0; j < cols; j++) {
                text.append('f').append(j + 1).append(',');
            }
            text.append("label").append(eol);
        }
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                String v = number(random);
                x[i * cols + j] = Double.parseDouble(v);
                text.append(v).append(',');
            }
            y[i] = random.nextBoolean() ? 1 : -1;
            text.append(label(y[i], signed, random));
            if (i + 1 < rows || random.nextInt(4) != 0) {
                text.append(eol);
            }
            if (random.nextInt(15) == 0) {
                text.append(eol); // a blank line
            }
        }
        return new Written(text.toString(), rows, cols, x, y);
    }

    private static Written libsvm(SplittableRandom random) {
        int rows = 1 + random.nextInt(40);
        int cols = 1 + random.nextInt(8);
        boolean signed = random.nextBoolean();
        double[] x = new double[rows * cols];
        double[] y = new double[rows];
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            y[i] = random.nextBoolean() ? 1 : -1;
            text.append(label(y[i], signed, random));
            for (int j = 0; j < cols; j++) {
                String v = i == 0 && j == cols - 1 ? "1.5" : number(random); // the last index occurs
                x[i * cols + j] = Double.parseDouble(v);
                if (x[i * cols + j] != 0 || random.nextInt(4) == 0) {
                    text.append(random.nextInt(10) == 0 ? "  " : " ").append(j + 1).append(':').append(v);
                }
            }
            text.append('\n');
        }
        return new Written(text.toString(), rows, cols, x, y);
    }

    /** A random number as a file would hold it: 0, an integer, or a double with all its digits. */
    private static String number(SplittableRandom random) {
        return switch (random.nextInt(5)) {
            case 0 -> "0";
            case 1 -> Integer.toString(random.nextInt(-100, 101));
            case 2 -> Double.toString(random.nextDouble(-3, 3));
            case 3 -> Double.toString(random.nextDouble(-1, 1) * 1e-9);
            default -> Double.toString(random.nextDouble(-1, 1) * 1e7);
        };
    }

    private static String label(double y, boolean signed, SplittableRandom random) {
        if (y > 0) {
            return random.nextInt(5) == 0 ? (signed ? "+1" : "1.0") : "1";
        }
        return signed ? "-1" : random.nextInt(5) == 0 ? "0.0" : "0";
    }

    // ---- Damage -------------------------------------------------------------------------------

    /** {@code text} damaged in the way {@code kind} says (0 … 8). */
    private static byte[] damage(String text, DataFormat format, int kind, SplittableRandom random) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        int at = dataLine(lines, random);
        String line = lines.get(at);
        String cr = line.endsWith("\r") ? "\r" : "";
        String body = line.substring(0, line.length() - cr.length());
        String separator = format == DataFormat.CSV ? "," : " ";
        String[] fields = body.split(separator, -1);
        switch (kind) {
            case 0 -> lines.set(at, body.substring(0, 1 + random.nextInt(body.length())) + cr); // a truncated line
            case 1 -> {
                return text.substring(0, 1 + random.nextInt(text.length())).getBytes(StandardCharsets.UTF_8); // a cut
            }
            case 2 -> { // a cell that is no number: a feature, a LIBSVM value or index, or the label
                int j = random.nextInt(fields.length);
                String word = NOT_NUMBERS[random.nextInt(NOT_NUMBERS.length)];
                if (format == DataFormat.LIBSVM && j > 0 && fields[j].contains(":")) {
                    String[] pair = fields[j].split(":");
                    word = random.nextBoolean() ? pair[0] + ":" + word : word + ":" + pair[1];
                }
                fields[j] = word;
                lines.set(at, String.join(separator, fields) + cr);
            }
            case 3 -> { // a label outside {0, 1} and {−1, +1}
                int j = format == DataFormat.CSV ? fields.length - 1 : 0;
                fields[j] = BAD_LABELS[random.nextInt(BAD_LABELS.length)];
                lines.set(at, String.join(separator, fields) + cr);
            }
            case 4 -> { // a ragged CSV row; a LIBSVM row with its indices out of order (or from 0)
                List<String> f = new ArrayList<>(List.of(fields));
                if (format == DataFormat.CSV) {
                    if (random.nextBoolean() && f.size() > 1) {
                        f.remove(random.nextInt(f.size()));
                    } else {
                        f.add(random.nextInt(f.size() + 1), "1.25");
                    }
                } else if (f.size() > 2 && random.nextBoolean()) {
                    f.add(1, f.remove(f.size() - 1));
                } else {
                    f.add(1, "0:2.5");
                }
                lines.set(at, String.join(separator, f) + cr);
            }
            case 5 -> {
                return new String[] {"", "\n", "\n\n", " \r\n"}[random.nextInt(4)].getBytes(StandardCharsets.UTF_8);
            }
            case 6 -> { // binary garbage: alone, or in the middle of the file
                byte[] garbage = new byte[1 + random.nextInt(200)];
                random.nextBytes(garbage);
                if (random.nextBoolean()) {
                    return garbage;
                }
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                int cut = random.nextInt(bytes.length);
                byte[] out = new byte[bytes.length + garbage.length];
                System.arraycopy(bytes, 0, out, 0, cut);
                System.arraycopy(garbage, 0, out, cut, garbage.length);
                System.arraycopy(bytes, cut, out, cut + garbage.length, bytes.length - cut);
                return out;
            }
            case 7 -> { // a header alone
                String header = format == DataFormat.CSV ? "f1,f2,label" : "label f1 f2";
                return (header + (random.nextBoolean() ? "\n" : "")).getBytes(StandardCharsets.UTF_8);
            }
            default -> { // random character edits
                StringBuilder s = new StringBuilder(text);
                String alphabet = format == DataFormat.CSV ? "0123456789.,-+eE \nx" : "0123456789.: -+eE\nx";
                for (int k = 1 + random.nextInt(3); k > 0 && !s.isEmpty(); k--) {
                    int i = random.nextInt(s.length());
                    char c = alphabet.charAt(random.nextInt(alphabet.length()));
                    switch (random.nextInt(3)) {
                        case 0 -> s.setCharAt(i, c);
                        case 1 -> s.deleteCharAt(i);
                        default -> s.insert(i, c);
                    }
                }
                return s.toString().getBytes(StandardCharsets.UTF_8);
            }
        }
        return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
    }

    /** A random line holding an example (a line with a digit, not a header). */
    private static int dataLine(List<String> lines, SplittableRandom random) {
        while (true) {
            int at = random.nextInt(lines.size());
            String line = lines.get(at);
            if (line.chars().anyMatch(Character::isDigit) && !line.startsWith("f1")) {
                return at;
            }
        }
    }

    private static String extension(DataFormat format) {
        return format == DataFormat.CSV ? ".csv" : ".libsvm";
    }

    /** The file for a failure's message: its text (control characters as \\uXXXX), cut at 600 characters. */
    private static String shown(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        StringBuilder s = new StringBuilder();
        for (char c : text.substring(0, Math.min(600, text.length())).toCharArray()) {
            s.append(c == '\n' || c >= ' ' && c < 0x7F ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return s + (text.length() > 600 ? "…" : "");
    }
}
