package dev.strata.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.ledger.Ledger;
import dev.strata.core.ledger.RunStore;
import dev.strata.core.quality.MetricHistory;
import dev.strata.core.quality.report.QuarantineSample;
import dev.strata.core.run.DatasetResult;
import dev.strata.core.run.RuleResult;
import dev.strata.core.run.RunResult;
import dev.strata.core.run.TableFacts;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.validate.PipelineLoader;
import dev.strata.engine.SharedSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a run hands its store for the console's dataset page: each table's facts, and its quarantined rows masked per
 * role, read in three small Spark jobs per dataset that quarantined rows and none for the others.
 */
class TableRecordsIT {
    private static final String PIPELINE = "name: facts\n"
            + "sources:\n"
            + "  raw: {format: csv, path: in/, options: {header: \"true\"},"
            + " schema: \"id INT, email STRING, phone STRING\"}\n"
            + "datasets:\n"
            + "  silver.customers:\n"
            + "    from: raw\n"
            + "    expect:\n"
            + "      - {rule: regex, column: phone, pattern: '^[+][0-9]+$', on_fail: quarantine}\n"
            + "      - {rule: not_null, column: email}\n"
            + "    access:\n"
            + "      mask:\n"
            + "        email: {viewer: redact}\n"
            + "  gold.domains:\n"
            + "    sql: \"SELECT substring_index(email, '@', -1) AS domain, count(*) AS customers"
            + " FROM silver.customers GROUP BY 1\"\n";

    @TempDir
    Path dir;

    private final SparkSession spark = SharedSpark.session();

    @Test
    void recordsEachTablesFactsAndItsQuarantinedRowsAsEachRoleSeesThem() throws Exception {
        Pipeline recorded = pipeline(dir.resolve("recorded"));
        Recording store = new Recording();
        PipelineRunner runner = new PipelineRunner(spark, recorded, RunListener.NONE).recordingTables(store);
        RunResult run = runner.run("run-1", null, 0);
        assertThat(run.datasets()).extracting(DatasetResult::rowsQuarantined).containsExactly(2L, 0L);

        assertThat(store.tables.get("silver.customers"))
                .isEqualTo(new TableFacts(
                        "facts",
                        "silver.customers",
                        "delta",
                        dir.resolve("recorded/lakehouse/silver/customers").toString(),
                        0L,
                        List.of(
                                new TableFacts.Column("id", "int", true),
                                new TableFacts.Column("email", "string", true),
                                new TableFacts.Column("phone", "string", true),
                                new TableFacts.Column("_source_file", "string", true),
                                new TableFacts.Column("_ingested_at", "timestamp", true),
                                new TableFacts.Column("_run_id", "string", true))));
        assertThat(RuleResult.passed(run.datasets().get(0).rules()))
                .as("1 of silver.customers' 3 rules passed, as its outcome records")
                .isEqualTo(1);
        assertThat(run.datasets().get(0).rules()).hasSize(3);
        assertThat(store.tables.get("gold.domains"))
                .isEqualTo(new TableFacts(
                        "facts",
                        "gold.domains",
                        "delta",
                        dir.resolve("recorded/lakehouse/gold/domains").toString(),
                        0L,
                        List.of(
                                new TableFacts.Column("domain", "string", true),
                                new TableFacts.Column("customers", "bigint", true),
                                new TableFacts.Column("_run_id", "string", true))));

        assertThat(store.samples.keySet())
                .as("one sample per role access: names, one for default; none for a dataset that quarantined nothing")
                .containsExactlyInAnyOrder("silver.customers/viewer", "silver.customers/default");
        QuarantineSample viewer = store.samples.get("silver.customers/viewer");
        QuarantineSample everyone = store.samples.get("silver.customers/default");
        assertThat(viewer.table()).isEqualTo("silver.customers__quarantine");
        assertThat(viewer.totalRows()).isEqualTo(2);
        assertThat(everyone.columns()).isEqualTo(viewer.columns());
        assertThat(viewer.columns())
                .containsExactly(
                        "id",
                        "email",
                        "phone",
                        "_source_file",
                        "_ingested_at",
                        "_run_id",
                        "_failed_rules",
                        "_reason",
                        "_quarantined_at",
                        "_raw_record");
        String[] shown = {"id", "email", "phone", "_failed_rules", "_reason", "_raw_record", "_run_id"};
        assertThat(values(viewer, shown))
                .as("the viewer's masks, and the raw record redacted")
                .containsExactly(
                        List.of("null", "****", "+4930", "malformed_record", REASON, "****", "run-1"),
                        List.of("2", "****", "0301234", "regex(phone)", "broke regex(phone)", "null", "run-1"));
        assertThat(values(everyone, shown))
                .as("every other role: no policy for default, so as stored")
                .containsExactly(
                        List.of(
                                "null",
                                "carol@example.com",
                                "+4930",
                                "malformed_record",
                                REASON,
                                "x,carol@example.com,+4930",
                                "run-1"),
                        List.of(
                                "2",
                                "bob@example.com",
                                "0301234",
                                "regex(phone)",
                                "broke regex(phone)",
                                "null",
                                "run-1"));

        Recording off = new Recording() {
            @Override
            public boolean recordsTables() {
                return false;
            }
        };
        PipelineRunner plain =
                new PipelineRunner(spark, pipeline(dir.resolve("plain")), RunListener.NONE).recordingTables(off);
        plain.run("run-1", null, 0);
        assertThat(off.tables).as("a store that keeps no tables costs no work").isEmpty();
        assertThat(off.samples).isEmpty();
        Map<String, Long> with = runner.sparkJobs();
        Map<String, Long> without = plain.sparkJobs();
        System.out.println("Spark jobs with table records " + with + ", without " + without);
        // Measured: Delta plans the quarantine's scan in two jobs over its log's cached state ("Filtering files for
        // query"), then one one-task job reads the rows; the table's schema comes from Delta's snapshot, with no job.
        assertThat(with.get("silver.customers") - without.get("silver.customers"))
                .as("the quarantine sample's jobs")
                .isEqualTo(3);
        assertThat(with.get("gold.domains"))
                .as("no job for a dataset that quarantined nothing")
                .isEqualTo(without.get("gold.domains"));

        Recording factsOnly = new Recording() {
            @Override
            public boolean recordsQuarantineSamples() {
                return false;
            }
        };
        PipelineRunner noSamples = new PipelineRunner(spark, pipeline(dir.resolve("facts-only")), RunListener.NONE)
                .recordingTables(factsOnly);
        noSamples.run("run-1", null, 0);
        assertThat(factsOnly.tables)
                .as("STRATA_QUARANTINE_SAMPLES=off keeps the facts")
                .containsKey("silver.customers");
        assertThat(factsOnly.samples).as("and no sample").isEmpty();
        assertThat(noSamples.sparkJobs().get("silver.customers"))
                .as("facts alone cost no job")
                .isEqualTo(without.get("silver.customers"));
    }

    private static final String REASON = "id: cannot parse 'x' as int";

    private Pipeline pipeline(Path folder) throws Exception {
        Files.createDirectories(folder.resolve("in"));
        Files.writeString(
                folder.resolve("in/c.csv"),
                "id,email,phone\n"
                        + "1,alice@example.com,+49301234567\n"
                        + "2,bob@example.com,0301234\n"
                        + "x,carol@example.com,+4930\n",
                StandardCharsets.UTF_8);
        Files.writeString(folder.resolve("pipeline.yaml"), PIPELINE, StandardCharsets.UTF_8);
        return PipelineLoader.load(folder.resolve("pipeline.yaml"));
    }

    /** The named columns of each row, as text, by {@code _reason}. */
    private static List<List<String>> values(QuarantineSample sample, String... columns) {
        List<List<String>> rows = new ArrayList<>();
        for (List<String> row : sample.rows()) {
            List<String> values = new ArrayList<>();
            for (String column : columns) {
                values.add(String.valueOf(row.get(sample.columns().indexOf(column))));
            }
            rows.add(values);
        }
        rows.sort(Comparator.comparing(r -> r.get(3)));
        return rows;
    }

    /** A store that keeps what a run records, as the metadata store keeps it. */
    private static class Recording implements RunStore {
        final Map<String, TableFacts> tables = new ConcurrentHashMap<>();
        final Map<String, QuarantineSample> samples = new LinkedHashMap<>();

        @Override
        public boolean recordsTables() {
            return true;
        }

        @Override
        public boolean recordsQuarantineSamples() {
            return true;
        }

        @Override
        public void recordTable(String runId, TableFacts facts) {
            tables.put(facts.dataset(), facts);
        }

        @Override
        public synchronized void recordQuarantineSample(
                String runId, String dataset, String role, QuarantineSample sample) {
            samples.put(dataset + "/" + role, sample.forStore());
        }

        @Override
        public MetricHistory metrics() {
            return MetricHistory.none();
        }

        @Override
        public Ledger ledger(String storageRoot, Ledger files) {
            return files;
        }

        @Override
        public void recordDataset(String runId, DatasetResult result) {}

        @Override
        public String describe() {
            return "in memory";
        }

        @Override
        public void close() {}
    }
}
