package dev.strata.store;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.Messages;
import dev.strata.core.error.StrataException;
import dev.strata.core.quality.DatasetMetrics;
import dev.strata.core.quality.MetricHistory;
import dev.strata.core.quality.MetricKey;
import dev.strata.core.quality.MetricPoint;
import dev.strata.core.quality.MetricValue;
import dev.strata.core.run.RuleResult;
import dev.strata.core.run.RuleStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * The quality metrics and rule results of every run, in the metadata store. Times are kept to the microsecond, as
 * PostgreSQL keeps them.
 */
public final class MetricsRepository implements MetricHistory {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Jdbi jdbi;
    private final String description;
    private final MetricHistories histories;

    MetricsRepository(Jdbi jdbi, String description) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
        this.description = requireNonNull(description, "description is null");
        this.histories = new MetricHistories(jdbi);
    }

    /**
     * Records one dataset's metrics and rule results for one run, in one transaction: what the same pipeline, dataset
     * and run recorded before is replaced.
     */
    @Override
    public void record(DatasetMetrics metrics) {
        guard(
                () -> "record the metrics of " + metrics.pipeline() + " " + metrics.dataset() + " in run "
                        + metrics.runId(),
                () -> jdbi.inTransaction(handle -> {
                    long runRef = handle.createQuery("""
                                    INSERT INTO metric_runs (pipeline, dataset, run_id, recorded_at)
                                    VALUES (:pipeline, :dataset, :runId, :recordedAt)
                                    ON CONFLICT (pipeline, dataset, run_id)
                                    DO UPDATE SET recorded_at = EXCLUDED.recorded_at
                                    RETURNING id""")
                            .bind("pipeline", metrics.pipeline())
                            .bind("dataset", metrics.dataset())
                            .bind("runId", metrics.runId())
                            .bind("recordedAt", OffsetDateTime.ofInstant(metrics.recordedAt(), ZoneOffset.UTC))
                            .mapTo(Long.class)
                            .one();
                    handle.createUpdate("DELETE FROM metric_values WHERE run_ref = :runRef")
                            .bind("runRef", runRef)
                            .execute();
                    handle.createUpdate("DELETE FROM rule_results WHERE run_ref = :runRef")
                            .bind("runRef", runRef)
                            .execute();
                    insertValues(handle, runRef, metrics.metrics());
                    insertRules(handle, runRef, metrics.rules());
                    return runRef;
                }));
    }

    private static void insertValues(Handle handle, long runRef, List<MetricValue> values) {
        if (values.isEmpty()) {
            return;
        }
        PreparedBatch batch = handle.prepareBatch("""
                INSERT INTO metric_values (run_ref, metric, subject, partition_key, value, state, flagged_by)
                VALUES (:runRef, :metric, :subject, :partition, :value, CAST(:state AS jsonb), :flaggedBy)""");
        for (MetricValue value : values) {
            batch.bind("runRef", runRef)
                    .bind("metric", value.key().metric())
                    .bind(
                            "subject",
                            value.key().subject() == null ? "" : value.key().subject())
                    .bind("partition", value.partition())
                    .bind("value", value.value())
                    .bind("state", json(value))
                    .bindArray("flaggedBy", String.class, value.flaggedBy())
                    .add();
        }
        batch.execute();
    }

    private static void insertRules(Handle handle, long runRef, List<RuleResult> rules) {
        if (rules.isEmpty()) {
            return;
        }
        PreparedBatch batch = handle.prepareBatch("""
                INSERT INTO rule_results (run_ref, position, name, rule, on_fail, checked, passed, failed, status,
                                          message, value, expected)
                VALUES (:runRef, :position, :name, :rule, :onFail, :checked, :passed, :failed, :status,
                        :message, :value, :expected)""");
        for (int position = 0; position < rules.size(); position++) {
            RuleResult rule = rules.get(position);
            batch.bind("runRef", runRef)
                    .bind("position", position)
                    .bind("name", rule.name())
                    .bind("rule", rule.rule())
                    .bind("onFail", rule.onFail())
                    .bind("checked", rule.checked())
                    .bind("passed", rule.passed())
                    .bind("failed", rule.failed())
                    .bind("status", rule.status().name())
                    .bind("message", rule.message())
                    .bind("value", rule.value())
                    .bind("expected", rule.expected())
                    .add();
        }
        batch.execute();
    }

    /**
     * The metric's whole-batch values in the {@code limit} most recent runs of the dataset that recorded it, oldest
     * first, excluding {@code excludingRunId} (may be null).
     */
    @Override
    public List<MetricPoint> history(String pipeline, String dataset, MetricKey key, int limit, String excludingRunId) {
        return guard(
                () -> "read the history of " + key + " on " + pipeline + " " + dataset,
                () -> histories.one(pipeline, dataset, key, limit, excludingRunId));
    }

    /**
     * {@link #history} of each of {@code keys} (no run excluded), in one query: each metric's whole-batch values in the
     * {@code limit} most recent runs of the dataset that recorded it, oldest first.
     */
    @Override
    public Map<MetricKey, List<MetricPoint>> histories(
            String pipeline, String dataset, Collection<MetricKey> keys, int limit) {
        return guard(
                () -> "read the history of " + keys.size() + " metrics on " + pipeline + " " + dataset,
                () -> histories.many(pipeline, dataset, keys, limit));
    }

    /**
     * Every dataset's metrics and rule results in one run of the pipeline, by dataset; metrics by key and partition,
     * rule results in the order they were recorded.
     */
    public List<DatasetMetrics> run(String pipeline, String runId) {
        return guard(
                () -> "read run " + runId + " of " + pipeline,
                () -> jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, handle -> {
                    Map<Long, RecordedRun> runs = new LinkedHashMap<>();
                    handle.createQuery("""
                                    SELECT id, dataset, recorded_at FROM metric_runs
                                    WHERE pipeline = :pipeline AND run_id = :runId
                                    ORDER BY dataset COLLATE "C" """)
                            .bind("pipeline", pipeline)
                            .bind("runId", runId)
                            .map((rs, ctx) -> new RecordedRun(
                                    rs.getLong("id"), rs.getString("dataset"), instant(rs, "recorded_at")))
                            .forEach(run -> runs.put(run.id(), run));
                    handle.createQuery("""
                                    SELECT v.run_ref, v.metric, v.subject, v.partition_key, v.value,
                                           CAST(v.state AS text) AS state
                                    FROM metric_runs r JOIN metric_values v ON v.run_ref = r.id
                                    WHERE r.pipeline = :pipeline AND r.run_id = :runId
                                    ORDER BY v.metric COLLATE "C", v.subject COLLATE "C", v.partition_key COLLATE "C" """)
                            .bind("pipeline", pipeline)
                            .bind("runId", runId)
                            .map((rs, ctx) -> Map.entry(
                                    rs.getLong("run_ref"),
                                    new MetricValue(
                                            MetricKey.of(rs.getString("metric"), rs.getString("subject")),
                                            rs.getString("partition_key"),
                                            rs.getDouble("value"),
                                            state(rs.getString("state")))))
                            .forEach(value -> runs.get(value.getKey()).metrics().add(value.getValue()));
                    handle.createQuery("""
                                    SELECT t.*
                                    FROM metric_runs r JOIN rule_results t ON t.run_ref = r.id
                                    WHERE r.pipeline = :pipeline AND r.run_id = :runId
                                    ORDER BY t.run_ref, t.position""")
                            .bind("pipeline", pipeline)
                            .bind("runId", runId)
                            .map((rs, ctx) -> Map.entry(
                                    rs.getLong("run_ref"),
                                    new RuleResult(
                                            rs.getString("name"),
                                            rs.getString("rule"),
                                            rs.getString("on_fail"),
                                            rs.getLong("checked"),
                                            rs.getLong("passed"),
                                            rs.getLong("failed"),
                                            RuleStatus.valueOf(rs.getString("status")),
                                            rs.getString("message"),
                                            rs.getObject("value", Double.class),
                                            rs.getString("expected"))))
                            .forEach(rule -> runs.get(rule.getKey()).rules().add(rule.getValue()));
                    return runs.values().stream()
                            .map(run -> new DatasetMetrics(
                                    pipeline, run.dataset(), runId, run.recordedAt(), run.metrics(), run.rules()))
                            .toList();
                }));
    }

    /**
     * Imports a metric history of one dataset (see {@link HistoryImport}): every point or none; a point at the time of
     * one imported before replaces it.
     */
    public HistoryImport.Result importHistory(String pipeline, String dataset, List<HistoryImport.Point> points) {
        return guard(
                () -> "import a history of " + pipeline + " " + dataset,
                () -> new HistoryImport(jdbi).write(pipeline, dataset, points));
    }

    /** The id of the pipeline's most recently recorded run (not an imported point), if it recorded any. */
    public Optional<String> latestRun(String pipeline) {
        return guard(
                () -> "read the latest run of " + pipeline,
                () -> jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT run_id FROM metric_runs WHERE pipeline = :pipeline AND source = 'run'
                        ORDER BY recorded_at DESC, id DESC LIMIT 1""")
                        .bind("pipeline", pipeline)
                        .mapTo(String.class)
                        .findOne()));
    }

    /**
     * For each dataset of the pipeline, the latest run that recorded its metrics (so built it, or tried to), by dataset
     * name in name order: after a run of some datasets ({@code --only}), the others' latest runs are older ones.
     */
    public Map<String, String> latestRuns(String pipeline) {
        return guard(
                () -> "read the latest runs of " + pipeline,
                () -> jdbi.withHandle(handle -> {
                    Map<String, String> runs = new LinkedHashMap<>();
                    handle.createQuery("""
                                    SELECT DISTINCT ON (dataset COLLATE "C") dataset, run_id FROM metric_runs
                                    WHERE pipeline = :pipeline AND source = 'run'
                                    ORDER BY dataset COLLATE "C", recorded_at DESC, id DESC""")
                            .bind("pipeline", pipeline)
                            .map((rs, ctx) -> Map.entry(rs.getString("dataset"), rs.getString("run_id")))
                            .forEach(entry -> runs.put(entry.getKey(), entry.getValue()));
                    return runs;
                }));
    }

    /** The distinct metrics recorded for the dataset, sorted by metric and subject, e.g. for "known metrics: …". */
    public List<MetricKey> keys(String pipeline, String dataset) {
        return guard(
                () -> "read the metrics of " + pipeline + " " + dataset,
                () -> jdbi.withHandle(handle -> handle.createQuery("""
                                SELECT DISTINCT v.metric COLLATE "C" AS metric, v.subject COLLATE "C" AS subject
                                FROM metric_runs r JOIN metric_values v ON v.run_ref = r.id
                                WHERE r.pipeline = :pipeline AND r.dataset = :dataset
                                ORDER BY 1, 2""")
                        .bind("pipeline", pipeline)
                        .bind("dataset", dataset)
                        .map((rs, ctx) -> MetricKey.of(rs.getString("metric"), rs.getString("subject")))
                        .list()));
    }

    /** The pipelines that recorded metrics of a dataset of this name, by name. */
    public List<String> pipelinesWith(String dataset) {
        return guard(
                () -> "read the pipelines of " + dataset,
                () -> jdbi.withHandle(handle -> handle.createQuery(
                                "SELECT DISTINCT pipeline FROM metric_runs WHERE dataset = :dataset ORDER BY 1")
                        .bind("dataset", dataset)
                        .mapTo(String.class)
                        .list()));
    }

    private <T> T guard(Supplier<String> action, Supplier<T> work) {
        try {
            return work.get();
        } catch (JdbiException e) {
            throw new StrataException(
                    ErrorCode.INTERNAL,
                    "Cannot " + action.get() + " (" + description + "): " + Messages.firstLine(rootSqlCause(e))
                            + " (check that the metadata store is reachable and migrated)",
                    e);
        }
    }

    private static Throwable rootSqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException) {
                return t;
            }
        }
        return e;
    }

    private static String json(MetricValue value) {
        try {
            return JSON.writeValueAsString(value.state());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "Cannot store the state of metric " + value.key() + ": " + e.getOriginalMessage(), e);
        }
    }

    /**
     * A stored state. Integers come back as longs, the type the engine writes counts as; an integer too large for a
     * long (PostgreSQL writes a large double such as an M2 without its exponent) as a double, which is what the engine
     * wrote. A state that still cannot be read leaves its metric readable: the state is then {@code {"unreadable":
     * why}}, which no merge uses, instead of one metric failing the whole read.
     */
    static Map<String, Object> state(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> state = (Map<String, Object>) value(node);
            return state;
        } catch (JsonProcessingException | RuntimeException e) {
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            return Map.of(MetricValue.UNREADABLE, "Cannot read the stored metric state: " + why);
        }
    }

    private static Object value(JsonNode node) {
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : (Object) node.doubleValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(element -> list.add(value(element)));
            return list;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(field -> {
                Object value = value(field.getValue());
                if (value != null) {
                    map.put(field.getKey(), value);
                }
            });
            return map;
        }
        return null;
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    /** One dataset's row in metric_runs, with what is read for it. */
    private record RecordedRun(
            long id, String dataset, Instant recordedAt, List<MetricValue> metrics, List<RuleResult> rules) {
        RecordedRun(long id, String dataset, Instant recordedAt) {
            this(id, dataset, recordedAt, new ArrayList<>(), new ArrayList<>());
        }
    }
}
