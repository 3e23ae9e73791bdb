package dev.strata.engine.access;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import dev.strata.core.access.DataAccess;
import dev.strata.core.auth.Role;
import dev.strata.core.quality.report.QuarantineSample;
import dev.strata.core.spec.AccessSpec;
import dev.strata.core.spec.TableFormat;
import dev.strata.engine.sink.Sinks;
import dev.strata.engine.sink.TableRef;
import dev.strata.engine.source.SourceBatch;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;

/**
 * The first rows of a run's quarantined rows as text, as {@code strata quality report} shows them and as the metadata
 * store keeps them for the console: masked for each role as {@code strata sql --role ROLE} masks the quarantine table
 * ({@link Masking#quarantine}).
 */
public final class QuarantineSamples {
    private QuarantineSamples() {}

    /**
     * The roles a dataset's quarantine is sampled for: each server role ({@link Role}) its {@code access:} names, then
     * {@code default}, which every other role sees; only {@code default} without {@code access:}.
     */
    public static List<String> roles(AccessSpec access) {
        List<String> roles = new ArrayList<>();
        if (access != null) {
            Set<String> named = new HashSet<>(access.rowFilter().keySet());
            access.mask().values().forEach(policies -> named.addAll(policies.keySet()));
            for (Role role : Role.values()) {
                if (named.contains(role.label())) {
                    roles.add(role.label());
                }
            }
        }
        roles.add(DataAccess.DEFAULT_ROLE);
        return roles;
    }

    /**
     * Up to {@code limit} of the rows run {@code runId} quarantined in {@code table} (Delta), as each of {@link
     * #roles} sees them, by role; {@code quarantined} is how many there are in all. One Spark job reads the rows any of
     * the roles may see (up to {@code limit} per distinct row filter); each role's filter and masks then apply to those
     * rows in the driver, through {@link Masking#apply}. A role whose filter does not apply to the quarantine's
     * columns sees no rows, as in SQL.
     */
    public static Map<String, QuarantineSample> sample(
            SparkSession spark, TableRef table, AccessSpec access, String runId, long quarantined, int limit) {
        Dataset<Row> stored = Sinks.forFormat(TableFormat.DELTA.id())
                .read(spark, table)
                .where(col(SourceBatch.RUN_ID).equalTo(runId));
        Map<String, DataAccess> byRole = new LinkedHashMap<>();
        boolean unfiltered = false;
        Set<String> filters = new LinkedHashSet<>();
        for (String role : roles(access)) {
            DataAccess seen = Masking.quarantine(DataAccess.resolve(access, role));
            if (seen.rowFilter().isEmpty()) {
                unfiltered = true;
            } else if (applies(stored, seen.rowFilter().get())) {
                filters.add(seen.rowFilter().get());
            } else {
                seen = new DataAccess(seen.masks(), Optional.of("false"));
            }
            byRole.put(role, seen);
        }
        int groups = (unfiltered ? 1 : 0) + filters.size();
        List<Row> rows = List.of();
        if (groups > 0) {
            Dataset<Row> visible = unfiltered ? stored : stored.where(expr("(" + String.join(") OR (", filters) + ")"));
            // One partition, read in one task until it has the rows: a limit alone may take several jobs.
            rows = visible.coalesce(1).limit(limit * groups).collectAsList();
        }
        // Rows in the driver: masking them plans a local relation, which Spark evaluates without a job.
        Dataset<Row> read = spark.createDataFrame(rows, stored.schema());
        Map<String, QuarantineSample> samples = new LinkedHashMap<>();
        byRole.forEach((role, seen) -> {
            Dataset<Row> masked = Masking.apply(read, seen).limit(limit);
            List<List<String>> values = new ArrayList<>();
            masked.collectAsList().forEach(row -> values.add(cells(row)));
            samples.put(
                    role,
                    new QuarantineSample(table.name().toString(), List.of(masked.columns()), values, quarantined));
        });
        return samples;
    }

    /** A row's values as text: {@code null} for SQL NULL, an array's elements joined with {@code ", "}. */
    public static List<String> cells(Row row) {
        List<String> cells = new ArrayList<>();
        for (int i = 0; i < row.size(); i++) {
            Object value = row.get(i);
            if (value == null) {
                cells.add(null);
            } else if (row.schema().fields()[i].dataType() instanceof ArrayType) {
                cells.add(String.join(
                        ", ", row.getList(i).stream().map(String::valueOf).toList()));
            } else {
                cells.add(value.toString());
            }
        }
        return cells;
    }

    private static boolean applies(Dataset<Row> rows, String filter) {
        try {
            rows.where(expr(filter)); // analysed here: fails when the filter names a column the rows lack
            return true;
        } catch (Exception e) {
            // Exception: Spark throws its checked AnalysisException from Scala code.
            return false;
        }
    }
}
