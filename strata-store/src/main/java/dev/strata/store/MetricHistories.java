package dev.strata.store;

import dev.strata.core.quality.MetricKey;
import dev.strata.core.quality.MetricPoint;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * The queries that read a dataset's metric history ({@link MetricsRepository#history}, {@link
 * MetricsRepository#histories}): whole-batch values only (no partition key), newest runs first, returned oldest first.
 */
final class MetricHistories {
    private final Jdbi jdbi;

    MetricHistories(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** One metric's values in the {@code limit} most recent runs that recorded it, but {@code excludingRunId}. */
    List<MetricPoint> one(String pipeline, String dataset, MetricKey key, int limit, String excludingRunId) {
        requireLimit(limit);
        return jdbi.withHandle(handle -> handle.createQuery("""
                                SELECT run_id, recorded_at, value, flagged_by FROM (
                                    SELECT r.id, r.run_id, r.recorded_at, v.value, v.flagged_by
                                    FROM metric_runs r
                                    JOIN metric_values v ON v.run_ref = r.id
                                    WHERE r.pipeline = :pipeline AND r.dataset = :dataset
                                      AND r.run_id IS DISTINCT FROM :excludingRunId
                                      AND v.metric = :metric AND v.subject = :subject AND v.partition_key = ''
                                    ORDER BY r.recorded_at DESC, r.id DESC
                                    LIMIT :limit) recent
                                ORDER BY recorded_at, id""")
                .bind("pipeline", pipeline)
                .bind("dataset", dataset)
                .bind("excludingRunId", excludingRunId)
                .bind("metric", key.metric())
                .bind("subject", key.subject() == null ? "" : key.subject())
                .bind("limit", limit)
                .map((rs, ctx) -> point(rs))
                .list());
    }

    /** Each of {@code keys}' values in its {@code limit} most recent runs, by key in the order given, in one query. */
    Map<MetricKey, List<MetricPoint>> many(String pipeline, String dataset, Collection<MetricKey> keys, int limit) {
        requireLimit(limit);
        Map<MetricKey, List<MetricPoint>> histories = new LinkedHashMap<>();
        keys.forEach(key -> histories.put(key, new ArrayList<>()));
        if (keys.isEmpty()) {
            return histories;
        }
        List<String> names = keys.stream().map(MetricKey::metric).distinct().toList();
        jdbi.useHandle(handle -> handle.createQuery("""
                                SELECT metric, subject, run_id, recorded_at, value, flagged_by FROM (
                                    SELECT v.metric, v.subject, r.id, r.run_id, r.recorded_at, v.value, v.flagged_by,
                                        row_number() OVER (PARTITION BY v.metric, v.subject
                                            ORDER BY r.recorded_at DESC, r.id DESC) AS recency
                                    FROM metric_runs r
                                    JOIN metric_values v ON v.run_ref = r.id
                                    WHERE r.pipeline = :pipeline AND r.dataset = :dataset
                                      AND v.metric = ANY(:metrics) AND v.partition_key = '') ranked
                                WHERE recency <= :limit
                                ORDER BY metric, subject, recorded_at, id""")
                .bind("pipeline", pipeline)
                .bind("dataset", dataset)
                .bindArray("metrics", String.class, names)
                .bind("limit", limit)
                .map((rs, ctx) -> {
                    MetricKey key = MetricKey.of(rs.getString("metric"), rs.getString("subject"));
                    List<MetricPoint> points = histories.get(key);
                    if (points != null) {
                        points.add(point(rs));
                    }
                    return key;
                })
                .list());
        return histories;
    }

    private static void requireLimit(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit);
        }
    }

    /** A point: the run, the time it recorded, the value and the anomaly rules that flagged it. */
    private static MetricPoint point(ResultSet rs) throws SQLException {
        return new MetricPoint(
                rs.getString("run_id"),
                MetricsRepository.instant(rs, "recorded_at"),
                rs.getDouble("value"),
                List.of((String[]) rs.getArray("flagged_by").getArray()));
    }
}
