package dev.strata.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.quality.DatasetMetrics;
import dev.strata.core.quality.MetricHistory;
import dev.strata.core.quality.MetricKey;
import dev.strata.core.quality.MetricPoint;
import dev.strata.core.run.DatasetResult;
import dev.strata.core.run.RuleResult;
import dev.strata.core.run.RuleStatus;
import dev.strata.core.run.RunResult;
import dev.strata.core.run.RunStatus;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.testing.KafkaBroker;
import dev.strata.core.validate.PipelineLoader;
import dev.strata.engine.SharedSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Anomaly rules on a Kafka source judge each run's combined micro-batches against the history of earlier runs: a run
 * read in several micro-batches is one point, neither compared piecewise nor stored piecewise.
 */
@ExtendWith(KafkaBroker.class)
class KafkaStreamAnomalyIT {
    private static final String TOPIC = "anomaly-payments";
    private static final MetricKey ROW_COUNT = MetricKey.of("row_count");

    @TempDir
    Path dir;

    @Test
    void judgesTheRunsCombinedMetricsOnceAndFailsAfterTheWrittenMicroBatches(KafkaBroker.Server kafka)
            throws IOException {
        kafka.createTopic(TOPIC, 1);
        Path file = dir.resolve("pipeline.yaml");
        Files.writeString(
                file, """
                name: payments
                storage: {root: %s}
                sources:
                  payments_topic:
                    format: kafka
                    topic: %s
                    bootstrap_servers: %s
                    schema: "id STRING, amount INT"
                    options: {maxOffsetsPerTrigger: "4"}
                datasets:
                  bronze.payments:
                    from: payments_topic
                    expect:
                      - {rule: unique, column: id, on_fail: warn}
                      - {rule: anomaly, name: volume, metric: row_count, strategy: relative_rate_of_change,
                         max_increase: 1.5, max_decrease: 0.8, on_fail: fail}
                      - {rule: anomaly, name: uniqueness_drift, metric: "uniqueness(id)", strategy: absolute_change,
                         max_decrease: 0.1}
                  silver.payments:
                    from: bronze.payments
                    write: {mode: merge, keys: [id]}
                """.formatted(dir.resolve("lake"), TOPIC, kafka.bootstrapServers()), StandardCharsets.UTF_8);
        Pipeline pipeline = PipelineLoader.load(file);
        MetricHistory history = new InMemoryHistory();

        produce(kafka, 0, 8);
        RunResult first = run(pipeline, history, "run-1");
        produce(kafka, 8, 16);
        RunResult second = run(pipeline, history, "run-2");

        // 8 records in micro-batches of 4 each run: per micro-batch, 4 rows against the last run's 8 would be a drop.
        DatasetResult bronze = first.datasets().get(0);
        assertThat(bronze.message()).isEqualTo("2 micro-batches from the checkpoint");
        DatasetResult again = second.datasets().get(0);
        assertThat(second.status()).as(second.toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(rule(again, "volume").status()).isEqualTo(RuleStatus.PASSED);
        assertThat(rule(again, "volume").value()).isEqualTo(8.0);
        assertThat(rule(again, "uniqueness_drift").status()).isEqualTo(RuleStatus.WARNED);
        assertThat(rule(again, "uniqueness_drift").message())
                .isEqualTo("uniqueness_drift: not judged: uniqueness(id) holds within one micro-batch and does not"
                        + " combine over this run's 2; on a stream, watch a metric that combines (counts,"
                        + " completeness, sum, min, max, mean, stddev, distinct_count)");
        assertThat(rowCounts(history)).as("one point per run").containsExactly(8.0, 8.0);

        // 16 records, 4 micro-batches: the run doubled, past max_increase 1.5; the rows are written, the dataset fails.
        produce(kafka, 16, 32);
        RunResult third = run(pipeline, history, "run-3");

        DatasetResult spike = third.datasets().get(0);
        assertThat(third.status()).isEqualTo(RunStatus.FAILED);
        assertThat(spike.status()).isEqualTo(RunStatus.FAILED);
        assertThat(List.of(spike.rowsIn(), spike.rowsWritten())).containsExactly(16L, 16L);
        assertThat(rule(spike, "volume").status()).isEqualTo(RuleStatus.FAILED);
        assertThat(rule(spike, "volume").value()).isEqualTo(16.0);
        assertThat(spike.message())
                .startsWith("volume: ")
                .endsWith("(the run's 4 micro-batches were written: a stream commits each as it goes, so an anomaly"
                        + " over the run fails the dataset after them; its downstream datasets wait for the next run)");
        assertThat(third.datasets().get(1).status()).isEqualTo(RunStatus.UPSTREAM_FAILED);
        assertThat(SharedSpark.session()
                        .read()
                        .format("delta")
                        .load(pipeline.spec().storage().root() + "/bronze/payments")
                        .count())
                .isEqualTo(32);
        List<MetricPoint> points = history.history("payments", "bronze.payments", ROW_COUNT, 5, "none");
        assertThat(points).extracting(MetricPoint::value).containsExactly(8.0, 8.0, 16.0);
        assertThat(points.get(2).flaggedBy()).as("kept for ignore_anomalies").containsExactly("volume");
    }

    private static RuleResult rule(DatasetResult result, String name) {
        return result.rules().stream()
                .filter(r -> r.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no rule " + name + " in " + result.rules()));
    }

    private static List<Double> rowCounts(MetricHistory history) {
        return history.history("payments", "bronze.payments", ROW_COUNT, 5, "none").stream()
                .map(MetricPoint::value)
                .toList();
    }

    private static void produce(KafkaBroker.Server kafka, int from, int until) {
        kafka.produce(
                TOPIC,
                IntStream.range(from, until)
                        .mapToObj(i -> "{\"id\": \"p" + i + "\", \"amount\": " + i + "}")
                        .toList());
    }

    private static RunResult run(Pipeline pipeline, MetricHistory history, String runId) {
        return new PipelineRunner(SharedSpark.session(), pipeline, RunListener.NONE, history).run(runId, null, 0);
    }

    /** The metrics runs record, kept in memory as the metadata store keeps them: one point per run and metric. */
    private static final class InMemoryHistory implements MetricHistory {
        private final Map<String, DatasetMetrics> byRun = new LinkedHashMap<>();

        @Override
        public synchronized void record(DatasetMetrics metrics) {
            byRun.put(metrics.pipeline() + "/" + metrics.dataset() + "/" + metrics.runId(), metrics);
        }

        @Override
        public synchronized List<MetricPoint> history(
                String pipeline, String dataset, MetricKey key, int limit, String excludingRunId) {
            List<MetricPoint> points = new ArrayList<>();
            for (DatasetMetrics metrics : byRun.values()) {
                if (!metrics.pipeline().equals(pipeline)
                        || !metrics.dataset().equals(dataset)
                        || metrics.runId().equals(excludingRunId)) {
                    continue;
                }
                metrics.metrics().stream()
                        .filter(m -> m.key().equals(key) && m.partition().isEmpty())
                        .forEach(m -> points.add(
                                new MetricPoint(metrics.runId(), metrics.recordedAt(), m.value(), m.flaggedBy())));
            }
            return points.subList(Math.max(0, points.size() - limit), points.size());
        }
    }
}
