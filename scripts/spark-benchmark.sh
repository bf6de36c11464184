#!/usr/bin/env bash
# Descent's L-BFGS on Spark against MLlib's LogisticRegression (docs/benchmarks.md, "Spark: Descent
# against MLlib"): scripts/spark-benchmark.sh ROWS COLS PARTITIONS [MASTER], default 1e5 100 4 local[2].
# Builds descent-spark and its tests (no test run), then runs dev.descent.spark.SparkLogisticBenchmark
# from the test classes with Spark's JVM options. Prints a Markdown table.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
# shellcheck source=scripts/find-jdk.sh
. "$root/scripts/find-jdk.sh"
cd "$root"
./mvnw -q -B -pl descent-spark -am install -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true >&2
./mvnw -q -B -pl descent-spark test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/benchmark-classpath.txt >&2
cp="descent-spark/target/test-classes:descent-spark/target/classes:$(cat descent-spark/target/benchmark-classpath.txt)"
# shellcheck source=scripts/spark-jvm-options.sh
. "$root/scripts/spark-jvm-options.sh"
export SPARK_LOCAL_IP=${SPARK_LOCAL_IP:-127.0.0.1}
exec "$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector "${spark_jvm_options[@]}" -Xmx"${BENCH_HEAP:-8g}" -cp "$cp" dev.descent.spark.SparkLogisticBenchmark "${1:-1e5}" "${2:-100}" "${3:-4}" "${4:-local[2]}"
