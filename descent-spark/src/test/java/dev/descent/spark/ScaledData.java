package dev.descent.spark;

import dev.descent.objective.LabeledData;
import java.util.SplittableRandom;

/** A data set with its features rescaled by seeded factors 10^U(−2, 2): badly scaled, the same labels. */
final class ScaledData {

    private ScaledData() {
    }

    static LabeledData of(LabeledData data, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] factor = new double[data.cols()];
        for (int j = 0; j < factor.length; j++) {
            factor[j] = Math.pow(10, random.nextDouble(-2, 2));
        }
        double[] x = data.features().clone();
        for (int i = 0; i < x.length; i++) {
            x[i] *= factor[i % data.cols()];
        }
        return new LabeledData(data.rows(), data.cols(), x, data.labels());
    }
}
