package dev.strata.engine.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.crypto.ColumnCipher;
import dev.strata.core.crypto.KeyMaterial;
import dev.strata.core.crypto.KeyStore;
import dev.strata.core.run.DatasetResult;
import dev.strata.core.run.RunResult;
import dev.strata.core.run.RunStatus;
import dev.strata.core.spec.DatasetName;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.spec.TableFormat;
import dev.strata.core.validate.PipelineLoader;
import dev.strata.engine.SharedSpark;
import dev.strata.engine.run.PipelineRunner;
import dev.strata.engine.run.RunListener;
import dev.strata.engine.run.TableLocations;
import dev.strata.engine.sink.Sinks;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The encryption canary: plaintext values of encrypted columns appear in no file a run writes, in any format (Parquet,
 * ORC, JSON and CSV files, Delta, Iceberg, Hudi), in the quarantine tables (malformed records' raw text and reasons
 * included), the run records, the ledger, or the run's log; and every value decrypts back.
 *
 * <p>The bytes of every file under the lakehouse are scanned. Parquet, ORC, Delta, Iceberg and Hudi are written
 * uncompressed (session codecs, Iceberg's compression-codec and Hudi's parquet codec options), and a control column
 * written in clear proves that a plaintext would be seen in each table's files: the scan is not blinded by compression.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EncryptionCanaryIT {
    private static final List<String> CANARIES =
            List.of("canary-good-7f3a9", "canary-noat-5b2c", "canary-raw-91d4", "canaryamt81x");
    private static final String CONTROL = "control-plain-3e1f";
    private static final Map<String, String> FORMATS = new LinkedHashMap<>();

    static {
        FORMATS.put("bronze.as_parquet", "{format: parquet}");
        FORMATS.put("bronze.as_orc", "{format: orc}");
        FORMATS.put("bronze.as_json", "{format: json}");
        FORMATS.put("bronze.as_csv", "{format: csv}");
        FORMATS.put("bronze.as_delta", "{format: delta}");
        FORMATS.put("bronze.as_iceberg", "{format: iceberg, options: {compression-codec: uncompressed}}");
        FORMATS.put(
                "bronze.as_hudi",
                "{format: hudi, keys: [id], options: {hoodie.parquet.compression.codec: uncompressed}}");
    }

    @TempDir
    static Path dir;

    private final SparkSession spark = SharedSpark.session();
    private Pipeline pipeline;
    private KeyStore keys;
    private RunResult run;
    private String log;

    @BeforeAll
    void runThePipelineOnce() throws Exception {
        keys = new KeyStore(dir.resolve("keys"), Map.of());
        keys.create("pii", "local", null, List.of());
        Files.createDirectories(dir.resolve("in"));
        Files.writeString(
                dir.resolve("in/orders.csv"),
                "id,email,amount,control\n"
                        + "1,canary-good-7f3a9@example.com,10," + CONTROL + "\n"
                        + "2,canary-noat-5b2c,20," + CONTROL + "\n"
                        + "3,canary-raw-91d4@example.com,canaryamt81x," + CONTROL + "\n"
                        + "4,plain@example.com,40," + CONTROL + "\n",
                StandardCharsets.UTF_8);
        StringBuilder yaml = new StringBuilder("name: canary\n"
                + "storage: {root: lakehouse, format: delta}\n"
                + "sources:\n"
                + "  raw: {format: csv, path: in/, options: {header: \"true\"},"
                + " schema: \"id INT, email STRING, amount INT, control STRING\"}\n"
                + "datasets:\n");
        int i = 0;
        for (Map.Entry<String, String> format : FORMATS.entrySet()) {
            yaml.append("  ")
                    .append(format.getKey())
                    .append(":\n")
                    .append("    from: raw\n")
                    .append(
                            "    expect: [{rule: regex, column: email, pattern: '^[^@]+@[^@]+$', on_fail: quarantine}]\n")
                    .append("    encrypt: {columns: [email, amount], key: pii, deterministic: ")
                    .append(i++ % 2 == 0)
                    .append("}\n")
                    .append("    write: ")
                    .append(format.getValue())
                    .append("\n");
        }
        Files.writeString(dir.resolve("pipeline.yaml"), yaml, StandardCharsets.UTF_8);
        pipeline = PipelineLoader.load(dir.resolve("pipeline.yaml"));

        Map<String, String> conf = Map.of(
                "spark.sql.parquet.compression.codec", "uncompressed", "spark.sql.orc.compression.codec", "none");
        Map<String, String> previous = new LinkedHashMap<>();
        conf.forEach((k, v) -> {
            previous.put(k, spark.conf().get(k));
            spark.conf().set(k, v);
        });
        StringWriter captured = new StringWriter();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        Appender appender = WriterAppender.newBuilder()
                .setName("canary")
                .setTarget(captured)
                .setLayout(PatternLayout.newBuilder()
                        .withPattern("%p %c: %m%n%throwable")
                        .build())
                .build();
        appender.start();
        LoggerConfig root = config.getRootLogger();
        Level rootLevel = root.getLevel();
        root.addAppender(appender, Level.INFO, null);
        root.setLevel(Level.INFO);
        context.updateLoggers();
        try {
            run = new PipelineRunner(spark, pipeline, RunListener.NONE)
                    .withKeys(keys)
                    .run("canary-run", null, 0);
        } finally {
            root.removeAppender("canary");
            root.setLevel(rootLevel);
            context.updateLoggers();
            appender.stop();
            previous.forEach((k, v) -> spark.conf().set(k, v));
        }
        log = captured.toString();
    }

    @Test
    void everyFormatRunsWithItsRowsSplitAsWithoutEncryption() {
        assertThat(run.datasets()).hasSize(FORMATS.size());
        for (DatasetResult dataset : run.datasets()) {
            assertThat(dataset.status())
                    .as(dataset.dataset() + ": " + dataset.message())
                    .isEqualTo(RunStatus.SUCCEEDED);
            assertThat(new long[] {dataset.rowsIn(), dataset.rowsWritten(), dataset.rowsQuarantined()})
                    .as(dataset.dataset() + ": in, written, quarantined (one malformed, one bad email)")
                    .containsExactly(4, 2, 2);
        }
    }

    @Test
    void noCanaryAppearsInAnyFileUnderTheLakehouseNorInTheLog() throws IOException {
        Path lakehouse = dir.resolve("lakehouse");
        List<String> found = new ArrayList<>();
        int files = 0;
        try (Stream<Path> all = Files.walk(lakehouse)) {
            for (Path file : all.filter(Files::isRegularFile).toList()) {
                files++;
                String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                for (String canary : CANARIES) {
                    if (bytes.contains(canary)) {
                        found.add(lakehouse.relativize(file) + " holds " + canary);
                    }
                }
            }
        }
        assertThat(found).as("plaintext canaries in written files").isEmpty();
        assertThat(files).as("files scanned").isGreaterThan(50);
        assertThat(lakehouse.resolve("_strata/runs/canary-run.json")).exists();
        assertThat(lakehouse.resolve("_strata/ledger")).isDirectory();
        assertThat(log).as("the run logged at INFO").contains("INFO");
        for (String canary : CANARIES) {
            assertThat(log).as("the run's log").doesNotContain(canary);
        }
    }

    @Test
    void aClearControlColumnIsSeenInEveryTablesFilesSoCompressionHidesNothing() throws IOException {
        TableLocations locations = new TableLocations(pipeline.spec().storage());
        for (String name : FORMATS.keySet()) {
            Path table = Path.of(locations.location(DatasetName.parse(name)).replaceFirst("^file:", ""));
            boolean seen;
            try (Stream<Path> all = Files.walk(table)) {
                seen = all.filter(Files::isRegularFile).anyMatch(file -> contains(file, CONTROL));
            }
            assertThat(seen).as(name + " files show the clear control value").isTrue();
        }
    }

    @Test
    void everyEncryptedValueDecryptsBackWithItsColumnsContext() throws Exception {
        KeyMaterial key = keys.open("pii");
        TableLocations locations = new TableLocations(pipeline.spec().storage());
        int i = 0;
        for (Map.Entry<String, String> format : FORMATS.entrySet()) {
            boolean deterministic = i++ % 2 == 0;
            ColumnCipher cipher = key.decrypter(deterministic);
            String name = format.getKey();
            DatasetName dataset = DatasetName.parse(name);
            TableFormat tableFormat =
                    pipeline.spec().datasets().get(name).write().formatOr(TableFormat.DELTA);
            List<Row> rows = Sinks.forFormat(tableFormat.id())
                    .read(spark, locations.table(dataset))
                    .select("id", "email", "amount")
                    .orderBy("id")
                    .collectAsList();
            List<String> clear = new ArrayList<>();
            for (Row row : rows) {
                clear.add(row.get(0) + ":" + cipher.decrypt(row.getString(1), name + ".email") + ":"
                        + cipher.decrypt(row.getString(2), name + ".amount"));
            }
            assertThat(clear).as(name).containsExactly("1:canary-good-7f3a9@example.com:10", "4:plain@example.com:40");

            List<Row> quarantined = Sinks.forFormat("delta")
                    .read(spark, locations.table(dataset.quarantine()))
                    .select("id", "email", "_raw_record", "_reason")
                    .orderBy("id")
                    .collectAsList();
            assertThat(quarantined).hasSize(2);
            Row broken = quarantined.get(0);
            assertThat(cipher.decrypt(broken.getString(1), name + ".email")).isEqualTo("canary-noat-5b2c");
            assertThat(broken.isNullAt(2)).isTrue();
            assertThat(broken.getString(3)).isEqualTo("broke regex(email)");
            Row malformed = quarantined.get(1);
            assertThat(cipher.decrypt(malformed.getString(2), name + "._raw_record"))
                    .isEqualTo("3,canary-raw-91d4@example.com,canaryamt81x," + CONTROL);
            assertThat(malformed.getString(3)).isEqualTo("amount: cannot parse (encrypted value) as int");
        }
    }

    private static boolean contains(Path file, String text) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
