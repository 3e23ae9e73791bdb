package dev.strata.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.quality.DatasetMetrics;
import dev.strata.core.quality.MetricHistory;
import dev.strata.core.quality.MetricKey;
import dev.strata.core.quality.MetricPoint;
import dev.strata.core.quality.MetricValue;
import dev.strata.core.run.DatasetResult;
import dev.strata.core.run.RuleResult;
import dev.strata.core.run.RunResult;
import dev.strata.core.validate.PipelineLoader;
import dev.strata.engine.SharedSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Hudi append with rules is measured in one pass: Hudi's writer never reports the observed query's metrics, so its
 * batches are measured on the cached batch before the write, and the run never waits for an observation that cannot
 * come and measures again. Its metrics are those of the same batch written to Delta, which is measured in the write.
 */
class HudiMeasurementIT {
    private static final String RULES = "    expect:\n"
            + "      - {rule: not_null, column: email, on_fail: quarantine}\n"
            + "      - {rule: between, column: amount, min: 0, max: 100}\n"
            + "      - {rule: completeness, column: kind, min: 0.9}\n"
            + "      - {rule: mean, column: amount, min: 0}\n";

    @TempDir
    Path dir;

    private final SparkSession spark = SharedSpark.session();

    @Test
    void measuresAHudiAppendOnceWithTheMetricsOfTheSameBatchInDelta() throws Exception {
        Files.createDirectories(dir.resolve("in"));
        Files.writeString(
                dir.resolve("in/orders.csv"),
                "id,email,amount,kind\n"
                        + "1,a@x.io,10,web\n"
                        + "2,,20,web\n"
                        + "3,c@x.io,300,shop\n"
                        + "4,d@x.io,40,\n"
                        + "5,e@x.io,50,web\n",
                StandardCharsets.UTF_8);
        Path file = dir.resolve("pipeline.yaml");
        Files.writeString(
                file,
                "name: hudi_once\n"
                        + "storage: {root: lakehouse}\n"
                        + "sources:\n"
                        + "  raw: {format: csv, path: in/, options: {header: \"true\"},"
                        + " schema: \"id INT, email STRING, amount INT, kind STRING\"}\n"
                        + "datasets:\n"
                        + "  bronze.in_hudi:\n    from: raw\n" + RULES
                        + "    write: {format: hudi, options: {hoodie.parquet.compression.codec: uncompressed}}\n"
                        + "  bronze.in_delta:\n    from: raw\n" + RULES
                        + "    write: {format: delta}\n",
                StandardCharsets.UTF_8);
        Recorded history = new Recorded();
        PipelineRunner runner = new PipelineRunner(spark, PipelineLoader.load(file), RunListener.NONE, history);

        RunResult run = runner.run("run-1", null, 0);

        assertThat(runner.observationFallbacks())
                .as("no observation was waited for in vain, so no batch was measured twice")
                .isZero();
        DatasetResult hudi = dataset(run, "bronze.in_hudi");
        assertThat(hudi.rowsIn()).isEqualTo(5);
        assertThat(hudi.rowsWritten()).isEqualTo(4);
        assertThat(hudi.rowsQuarantined()).isEqualTo(1);
        assertThat(spark.read()
                        .format("hudi")
                        .load(dir.resolve("lakehouse/bronze/in_hudi").toString())
                        .count())
                .isEqualTo(4);
        assertThat(summary(hudi.rules()))
                .containsExactly(
                        "not_null(email) WARNED 1/5",
                        "between(amount) WARNED 1/5",
                        "completeness(kind) WARNED 1/1",
                        "mean(amount) PASSED 0/1");
        assertThat(summary(hudi.rules()))
                .isEqualTo(summary(dataset(run, "bronze.in_delta").rules()));
        Map<String, Double> hudiMetrics = history.metrics("bronze.in_hudi");
        assertThat(hudiMetrics)
                .containsEntry("row_count", 4.0)
                .containsEntry("rows_quarantined", 1.0)
                .containsEntry("completeness(kind)", 0.75)
                .containsEntry("mean(amount)", 100.0)
                .containsEntry("failed_count(between(amount))", 1.0);
        assertThat(hudiMetrics).isEqualTo(history.metrics("bronze.in_delta"));
    }

    private static DatasetResult dataset(RunResult run, String name) {
        return run.datasets().stream()
                .filter(d -> d.dataset().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private static List<String> summary(List<RuleResult> rules) {
        return rules.stream()
                .map(r -> r.name() + " " + r.status() + " " + r.failed() + "/" + r.checked())
                .toList();
    }

    /** The metrics runs record, kept in memory. */
    private static final class Recorded implements MetricHistory {
        private final List<DatasetMetrics> recorded = new ArrayList<>();

        @Override
        public synchronized void record(DatasetMetrics metrics) {
            recorded.add(metrics);
        }

        @Override
        public List<MetricPoint> history(
                String pipeline, String dataset, MetricKey key, int limit, String excludingRunId) {
            return List.of();
        }

        synchronized Map<String, Double> metrics(String dataset) {
            Map<String, Double> values = new TreeMap<>();
            for (DatasetMetrics metrics : recorded) {
                if (metrics.dataset().equals(dataset)) {
                    for (MetricValue value : metrics.metrics()) {
                        values.put(value.key().toString(), value.value());
                    }
                }
            }
            return values;
        }
    }
}
