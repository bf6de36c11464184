package dev.descent.spark;

import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Where a data frame's rows keep the label and the features: a {@code label} column and a
 * {@code features} vector column (MLlib's layout, what the LIBSVM reader gives), or numeric columns
 * with the label last (a CSV file's, a flat Parquet file's). Reads one row into a block's arrays,
 * mapping labels 0/1 to −1/+1; a feature that is NaN or infinite is an error.
 */
final class RowLayout implements Serializable {

    private final int label;
    private final int vector; // the features column, or −1 for numeric columns
    private final int[] columns; // the feature columns when vector is −1

    private RowLayout(int label, int vector, int[] columns) {
        this.label = label;
        this.vector = vector;
        this.columns = columns;
    }

    /** The layout of {@code schema}; {@link IllegalArgumentException} when it is neither. */
    static RowLayout of(StructType schema) {
        StructField[] fields = schema.fields();
        int labelColumn = Arrays.asList(schema.fieldNames()).indexOf("label");
        int featuresColumn = Arrays.asList(schema.fieldNames()).indexOf("features");
        if (labelColumn >= 0 && featuresColumn >= 0 && fields[featuresColumn].dataType() instanceof VectorUDT) {
            return new RowLayout(labelColumn, featuresColumn, null);
        }
        for (StructField f : fields) {
            if (!(f.dataType() instanceof NumericType)) {
                throw new IllegalArgumentException("column '" + f.name() + "' is " + f.dataType().simpleString()
                        + ": expected numeric columns with the label last, or a 'label' column and a 'features' vector");
            }
        }
        if (fields.length < 2) {
            throw new IllegalArgumentException("expected at least one feature column and a label column, got "
                    + fields.length + " column");
        }
        int[] columns = new int[fields.length - 1];
        Arrays.setAll(columns, j -> j);
        return new RowLayout(fields.length - 1, -1, columns);
    }

    /** Whether the features are one vector column (their number is then the vectors' size). */
    boolean hasVector() {
        return vector >= 0;
    }

    /** The number of features, for numeric columns. */
    int columnCount() {
        return columns.length;
    }

    /** The number of features of {@code row} (a vector's size, or the columns'). */
    int cols(Row row) {
        return hasVector() ? ((Vector) row.get(vector)).size() : columns.length;
    }

    /** Writes {@code row}'s features at {@code x[offset …]} and returns its label as ±1. */
    double read(Row row, double[] x, int offset, int cols) {
        if (hasVector()) {
            Vector v = (Vector) row.get(vector);
            if (v.size() != cols) {
                throw new IllegalArgumentException("a row has " + v.size() + " features, expected " + cols);
            }
            System.arraycopy(v.toArray(), 0, x, offset, cols);
        } else {
            for (int j = 0; j < cols; j++) {
                if (row.isNullAt(columns[j])) {
                    throw new IllegalArgumentException("a row has no value in column " + (columns[j] + 1));
                }
                x[offset + j] = ((Number) row.get(columns[j])).doubleValue();
            }
        }
        for (int j = 0; j < cols; j++) { // as the single-machine readers: NaN or ∞ would poison every sum
            if (!Double.isFinite(x[offset + j])) {
                throw new IllegalArgumentException("a row has feature " + (j + 1) + " " + x[offset + j]
                        + "; features must be finite");
            }
        }
        if (row.isNullAt(label)) {
            throw new IllegalArgumentException("a row has no label");
        }
        double y = ((Number) row.get(label)).doubleValue();
        if (y == 0 || y == -1) {
            return -1;
        }
        if (y == 1) {
            return 1;
        }
        throw new IllegalArgumentException("a row has label " + y + "; labels must be 0/1 or -1/+1");
    }
}
