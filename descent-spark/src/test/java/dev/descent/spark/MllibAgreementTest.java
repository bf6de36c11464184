package dev.descent.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.Backends;
import dev.descent.minimize.MinimizeResult;
import dev.descent.minimize.Minimizers;
import dev.descent.objective.LabeledData;
import dev.descent.objective.LogisticRegression;
import dev.descent.tensor.Tensor;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.junit.jupiter.api.Test;

/**
 * Descent's L-BFGS on the distributed objective against Spark MLlib's {@code LogisticRegression},
 * which with {@code fitIntercept=false}, {@code elasticNetParam=0}, {@code standardization=false}
 * and {@code regParam=λ} minimises the same function, mean logloss + (λ/2)·‖w‖². Both run to a tight
 * tolerance, so both minima agree to the 1e-6 relative (f is flat at the minimum: its error
 * is the square of the point's).
 */
class MllibAgreementTest {

    @Test
    void descentAndMllibReachTheSameMinimum() {
        LabeledData data = ScaledData.of(DistributedLogisticRegressionTest.DATA, 5);
        double l2 = DistributedLogisticRegressionTest.L2;
        LogisticRegressionModel model = MllibLogistic.fit(SparkTestSession.session(), data, l2, 1e-12, 500);
        double[] mllib = model.coefficients().toArray();
        try (DistributedLogisticRegression spark = DistributedLogisticRegression.of(SparkTestSession.context(), data,
                500, 2, DistributedOptions.defaults().withL2(l2).withPreconditioning(true));
                LogisticRegression check = new LogisticRegression(data, l2);
                Tensor x = spark.startingPoint(Backends.best())) {
            MinimizeResult r = Minimizers.create("lbfgs").minimize(spark, x, false);
            assertTrue(r.converged(), r.toString());
            double fMllib = MllibLogistic.value(check, mllib);
            assertEquals(fMllib, r.value(), 1e-6 * fMllib, "Descent's minimum against MLlib's");
        }
    }
}
