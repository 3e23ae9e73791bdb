package dev.strata.store;

import static java.util.Objects.requireNonNull;

import dev.strata.core.quality.MetricKey;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Writes an imported metric history: each distinct time becomes one row of {@code metric_runs} (source {@code
 * import}, run id {@code import:} and the time), with the values of that time, in one transaction. Importing a point
 * again (same dataset, time and metric) replaces its value, so importing the same file twice does not double the
 * history; anomaly rules read imported points like any past run's.
 */
public final class HistoryImport {
    /** One imported value: the time it belongs to, the metric and its value. */
    public record Point(Instant time, MetricKey key, double value) {
        public Point {
            requireNonNull(time, "time is null");
            requireNonNull(key, "key is null");
        }
    }

    /** What an import did: values new to the history, values that replaced an imported one, and the times. */
    public record Result(int added, int replaced, int times) {}

    private final Jdbi jdbi;

    HistoryImport(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    /** The run id of the imported point at this time. */
    public static String runId(Instant time) {
        return "import:" + time;
    }

    Result write(String pipeline, String dataset, List<Point> points) {
        Map<Instant, List<Point>> byTime = new TreeMap<>();
        points.forEach(p -> byTime.computeIfAbsent(p.time(), t -> new java.util.ArrayList<>())
                .add(p));
        return jdbi.inTransaction(handle -> {
            int added = 0;
            int replaced = 0;
            for (Map.Entry<Instant, List<Point>> entry : byTime.entrySet()) {
                long runRef = runRef(handle, pipeline, dataset, entry.getKey());
                for (Point point : entry.getValue()) {
                    boolean fresh = handle.createQuery("""
                                    INSERT INTO metric_values (run_ref, metric, subject, partition_key, value)
                                    VALUES (:runRef, :metric, :subject, '', :value)
                                    ON CONFLICT (run_ref, metric, subject, partition_key)
                                    DO UPDATE SET value = EXCLUDED.value, state = '{}', flagged_by = '{}'
                                    RETURNING (xmax = 0) AS inserted""")
                            .bind("runRef", runRef)
                            .bind("metric", point.key().metric())
                            .bind(
                                    "subject",
                                    point.key().subject() == null
                                            ? ""
                                            : point.key().subject())
                            .bind("value", point.value())
                            .mapTo(Boolean.class)
                            .one();
                    if (fresh) {
                        added++;
                    } else {
                        replaced++;
                    }
                }
            }
            return new Result(added, replaced, byTime.size());
        });
    }

    private static long runRef(Handle handle, String pipeline, String dataset, Instant time) {
        String runId = runId(time);
        Long existing = handle.createQuery("""
                        SELECT id FROM metric_runs
                        WHERE pipeline = :pipeline AND dataset = :dataset AND run_id = :runId""")
                .bind("pipeline", pipeline)
                .bind("dataset", dataset)
                .bind("runId", runId)
                .mapTo(Long.class)
                .findOne()
                .orElse(null);
        if (existing != null) {
            return existing;
        }
        return handle.createQuery("""
                        INSERT INTO metric_runs (pipeline, dataset, run_id, recorded_at, source)
                        VALUES (:pipeline, :dataset, :runId, :recordedAt, 'import')
                        RETURNING id""")
                .bind("pipeline", pipeline)
                .bind("dataset", dataset)
                .bind("runId", runId)
                .bind("recordedAt", OffsetDateTime.ofInstant(time, ZoneOffset.UTC))
                .mapTo(Long.class)
                .one();
    }
}
