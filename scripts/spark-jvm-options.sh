# Sourced (bash) by ./descent and scripts/spark-benchmark.sh: the JVM options a JVM running Spark
# needs outside spark-submit, in the array spark_jvm_options. They are the --add-opens of Spark's
# JavaModuleOptions (which spark-submit adds itself) less java.base/sun.security.action, which JDK 25
# no longer has — the same list as spark.jvm.flags in descent-spark/pom.xml, which the tests use —
# and Spark's logging at WARN (scripts/spark-log4j2.properties).
spark_jvm_options=()
for descent_p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util \
    java.util.concurrent java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs sun.util.calendar; do
    spark_jvm_options+=("--add-opens=java.base/$descent_p=ALL-UNNAMED")
done
unset descent_p
spark_jvm_options+=(-Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true
    "-Dlog4j2.configurationFile=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/spark-log4j2.properties")
