package dev.strata.engine.session;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The jars a cluster's executors need beyond Spark's own: the engine, strata-core and the table formats and
 * connectors the engine brings (Delta, Iceberg, Hudi, Kafka, OpenLineage). The driver ships them ({@code spark.jars})
 * from its own class path, so a pipeline runs on a stock Spark cluster without anyone copying jars to its workers.
 * Spark's jars (and Hadoop's, Scala's) stay out: every executor already has them, and two copies on one class path
 * make version clashes that only show on the cluster.
 */
public final class ExecutorJars {
    /**
     * The jar names shipped: an allow-list, so a jar the engine starts to need on executors is added here on purpose
     * (the cluster test, {@code ClusterIT}, runs executors without these jars and fails if one is missing).
     */
    static final Pattern SHIPPED = Pattern.compile("(strata-(core|engine)"
            + "|delta-spark|delta-storage"
            + "|iceberg-spark-runtime"
            + "|hudi-spark"
            + "|spark-sql-kafka|spark-token-provider-kafka|kafka-clients|commons-pool2"
            + "|openlineage-java)[-_.0-9a-zA-Z]*[.]jar");

    private ExecutorJars() {}

    /** The jars to ship out of a class path (the JVM's {@code java.class.path}), as {@code spark.jars} wants them. */
    public static String fromClassPath(String classPath) {
        return String.join(",", select(classPath));
    }

    /** Whether the driver ships this jar to executors (so a test cluster's workers must do without it). */
    public static boolean ships(Path jar) {
        return SHIPPED.matcher(fileName(jar.toString())).matches();
    }

    static List<String> select(String classPath) {
        return Arrays.stream(classPath.split(Pattern.quote(File.pathSeparator)))
                .filter(entry -> !entry.isBlank())
                .filter(entry -> SHIPPED.matcher(fileName(entry)).matches())
                .map(entry -> Path.of(entry).toAbsolutePath().normalize().toString())
                .distinct()
                .toList();
    }

    private static String fileName(String entry) {
        Path name = Path.of(entry).getFileName();
        return name == null ? "" : name.toString();
    }
}
