package dev.strata.engine.session;

import dev.strata.engine.log.LogRedaction;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** Builds the one SparkSession a run uses, with Delta, Iceberg and Hudi configured once. */
public final class SparkSessions {
    /** The Iceberg catalog that holds path-based Iceberg tables under the storage root. */
    public static final String ICEBERG_CATALOG = "strata_iceberg";

    /**
     * Setting names whose values Spark redacts: its default, plus the cloud stores' secrets and catalog credentials
     * (an Iceberg REST catalog's {@code credential}, which Strata registers as {@code spark.sql.catalog.*.credential}).
     */
    public static final String REDACTION_REGEX = "(?i)secret|password|token|access[.]key|account[.]key"
            + "|private[.]key|encryption[.]key|azure[.]sas[.]|credential$";

    /** Hudi's read option (and SQL setting) that turns data skipping on its metadata table's indexes on or off. */
    static final String HUDI_DATA_SKIPPING = "hoodie.enable.data.skipping";

    private SparkSessions() {}

    /** Where the session runs and which extra settings it takes. */
    public record Settings(String master, String appName, Path scratchDir, Map<String, String> extra) {
        public Settings {
            extra = Map.copyOf(extra);
        }

        /** The defaults for tests: two local cores, no UI, two shuffle partitions. */
        public static Settings forTests(Path scratchDir) {
            return new Settings(
                    "local[2]",
                    "strata-test",
                    scratchDir,
                    Map.of("spark.sql.shuffle.partitions", "2", "spark.default.parallelism", "2"));
        }
    }

    /** The fixed {@code spark.metrics.namespace}: Spark's metrics keep one name across runs and app names. */
    public static final String METRICS_NAMESPACE = "strata";

    /** The configuration the session is built with; exposed so tests can check it. */
    public static Map<String, String> config(Settings settings) {
        // The JVM's own class path (not a setting): the jars the executors need are shipped from it.
        return config(settings, ManagementFactory.getRuntimeMXBean().getClassPath());
    }

    /** {@link #config(Settings)} for a driver with this class path, the source of what executors get. */
    static Map<String, String> config(Settings settings, String driverClassPath) {
        Map<String, String> conf = new TreeMap<>();
        conf.put("spark.master", settings.master());
        conf.put("spark.app.name", settings.appName());
        conf.put(
                "spark.sql.extensions",
                "io.delta.sql.DeltaSparkSessionExtension,"
                        + "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions,"
                        + "org.apache.spark.sql.hudi.HoodieSparkSessionExtension");
        // Delta owns spark_catalog: with Hudi's catalog there, Delta SQL fails (docs/architecture.md).
        conf.put("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
        conf.put("spark.sql.catalog." + ICEBERG_CATALOG, "org.apache.iceberg.spark.SparkCatalog");
        conf.put("spark.sql.catalog." + ICEBERG_CATALOG + ".type", "hadoop");
        conf.put(
                "spark.sql.catalog." + ICEBERG_CATALOG + ".warehouse",
                settings.scratchDir().resolve("iceberg").toString());
        conf.put("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
        conf.put("spark.kryo.registrator", "org.apache.spark.HoodieSparkKryoRegistrar");
        // Hudi's data skipping caches and uncaches its column-stats index while it plans a scan; when that scan is
        // part of a batch the engine is caching, the uncache waits for the lock the caching thread holds, and the run
        // hangs for good (ClusterIT: a gold join of a Hudi table, on a cluster, where Hudi's metadata table is on).
        // Hudi reads the setting from the session's SQL conf as well as from read options.
        conf.put(HUDI_DATA_SKIPPING, "false");
        conf.put("spark.sql.catalogImplementation", "in-memory");
        conf.put(
                "spark.sql.warehouse.dir",
                settings.scratchDir().resolve("warehouse").toString());
        conf.put("spark.ui.enabled", "false");
        // The driver's metrics in Prometheus format at <ui>/metrics/prometheus (and executors' at
        // /metrics/executors/prometheus), named strata_* whatever the app is called, once the UI is on
        // (STRATA_SPARK_UI_PORT).
        conf.put("spark.metrics.namespace", METRICS_NAMESPACE);
        conf.put(
                "spark.metrics.conf.*.sink.prometheusServlet.class", "org.apache.spark.metrics.sink.PrometheusServlet");
        conf.put("spark.metrics.conf.*.sink.prometheusServlet.path", "/metrics/prometheus");
        conf.put("spark.ui.prometheus.enabled", "true");
        conf.put("spark.ui.showConsoleProgress", "false");
        conf.put("spark.driver.bindAddress", "127.0.0.1");
        conf.put("spark.driver.host", "127.0.0.1");
        conf.put("spark.sql.session.timeZone", "UTC");
        conf.put("spark.sql.adaptive.enabled", "true");
        // Datasets a run builds at once each run their jobs in a pool of their own (spark.scheduler.pool), which FAIR
        // mode shares the cores between, so one large dataset does not hold up the others.
        conf.put("spark.scheduler.mode", "FAIR");
        // One impossible date (2026-02-30) must make one malformed row, not abort the read (EXCEPTION is Spark's
        // default).
        conf.put("spark.sql.legacy.timeParserPolicy", "CORRECTED");
        conf.put("spark.databricks.delta.schema.autoMerge.enabled", "false");
        // Delta 3.3 copies a small table's whole file list into each commit's checksum file, derived from the previous
        // version's list inside the commit: a Spark job per commit (an empty one for a new table). Reads here still
        // replay the log for their file list, so the copy saves no job later
        // (bench/results/retail-jobs-per-dataset.md).
        conf.put("spark.databricks.delta.allFilesInCrc.enabled", "false");
        // The ledger and merge paths rely on deterministic reads of CSV/JSON with a corrupt-record column.
        conf.put("spark.sql.csv.parser.columnPruning.enabled", "false");
        // Spark's default redacts secret|password|token|access.key in the UI, event logs and EXPLAIN; cloud secrets
        // passed as spark.hadoop.* also go by account.key (Azure), private.key (GCS), encryption.key (S3 SSE-C) and
        // fs.azure.sas.* (docs/cloud-storage.md).
        conf.put("spark.redaction.regex", REDACTION_REGEX);
        if (settings.master().startsWith("local")) {
            // Spark's defaults (200 shuffle partitions, 50 for Delta's log, 10,000 for parallel file listing, which
            // Delta's VACUUM uses for every table) are sized for clusters; on one machine they turn every small batch
            // into hundreds, and every VACUUM into ten thousand, tiny tasks.
            String partitions =
                    Integer.toString(Math.max(2, 2 * Runtime.getRuntime().availableProcessors()));
            conf.put("spark.sql.shuffle.partitions", partitions);
            conf.put("spark.databricks.delta.snapshotPartitions", partitions);
            conf.put("spark.sql.sources.parallelPartitionDiscovery.parallelism", partitions);
        } else {
            // A cluster's executors have Spark but not the engine or its formats: the driver ships them
            // (docs/deploy.md, "Spark cluster"). Under spark-submit the application jar does (createForSubmit).
            String jars = ExecutorJars.fromClassPath(driverClassPath);
            if (!jars.isEmpty()) {
                conf.put("spark.jars", jars);
            }
        }
        conf.putAll(settings.extra());
        return conf;
    }

    /**
     * Whether {@code spark-submit} started this JVM: it hands the application its settings as {@code spark.*} system
     * properties, {@code spark.submit.deployMode} among them, which {@link SparkConf} reads.
     */
    public static boolean underSparkSubmit() {
        return new SparkConf().contains("spark.submit.deployMode");
    }

    /**
     * A Spark setting this JVM was started with ({@code spark-submit}'s {@code --master}, {@code --name}, {@code
     * --conf}, or a {@code -Dspark.…} system property), as {@link SparkConf} reads it.
     */
    public static Optional<String> startedWith(String key) {
        SparkConf conf = new SparkConf();
        return conf.contains(key) ? Optional.of(conf.get(key)) : Optional.empty();
    }

    /**
     * The session under {@code spark-submit}: what the submit command set (master, resources, any --conf) wins, and
     * everything else comes from {@link #config}, so Delta, Iceberg and Hudi are configured the same way. Like
     * {@link #create}, it first puts the process's logs behind secret redaction ({@link LogRedaction}).
     */
    public static SparkSession createForSubmit(Path scratchDir) {
        return createForSubmit(new Settings(
                startedWith("spark.master").orElse("local[*]"),
                startedWith("spark.app.name").orElse("strata"),
                scratchDir,
                Map.of()));
    }

    /**
     * {@link #createForSubmit(Path)} with the master and application name given: every other setting the submit
     * command set wins over {@link #config}'s. The executors' jars are the submit command's (the application jar and
     * {@code --jars}), never the driver's class path, which is Spark's own here. The driver's address is left to
     * Spark ({@code SPARK_LOCAL_IP}, {@code --conf spark.driver.host}), as the submitter knows the network.
     */
    public static SparkSession createForSubmit(Settings settings) {
        LogRedaction.install();
        SparkConf submitted = new SparkConf();
        Map<String, String> conf = config(settings, "");
        if (!settings.master().startsWith("local")) {
            conf.remove("spark.driver.host");
            conf.remove("spark.driver.bindAddress");
        }
        SparkSession.Builder builder = SparkSession.builder();
        conf.forEach((key, value) -> {
            if (!submitted.contains(key)) {
                builder.config(key, value);
            }
        });
        builder.config("spark.master", settings.master());
        builder.config("spark.app.name", settings.appName());
        return builder.getOrCreate();
    }

    /** Creates (or returns the active) session for these settings. */
    public static SparkSession create(Settings settings) {
        LogRedaction.install();
        try {
            Files.createDirectories(settings.scratchDir());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        SparkSession.Builder builder = SparkSession.builder();
        config(settings).forEach(builder::config);
        return builder.getOrCreate();
    }
}
