package dev.strata.engine.sink;

import static dev.strata.engine.sql.SqlSyntax.literal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.hudi.common.model.HoodieTableType;
import org.apache.hudi.common.table.HoodieTableMetaClient;
import org.apache.hudi.common.table.timeline.HoodieInstant;
import org.apache.hudi.common.table.timeline.HoodieTimeline;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Maintenance of a Hudi table through Hudi's SQL procedures: compacts log files into base files (merge-on-read),
 * clusters small files, then cleans file versions older than the retention; Hudi keeps the latest version of every
 * file group.
 */
final class HudiMaintenance {
    private HudiMaintenance() {}

    /** Maintains a table that exists and is registered (run_clean names a catalog table, not a path). */
    static MaintenanceResult maintain(
            SparkSession spark, TableRef table, HiddenCatalogTable registered, Duration retention) {
        String location = literal(table.location());
        Map<String, String> settings = new LinkedHashMap<>(HudiTables.defaults(spark));
        HoodieTableMetaClient client = HudiTables.metaClient(spark, table.location());
        String before = client.getActiveTimeline()
                .filterCompletedInstants()
                .lastInstant()
                .map(HoodieInstant::requestedTime)
                .orElse("0");

        long compacted = 0;
        if (HudiTables.Layout.of(client).type() == HoodieTableType.MERGE_ON_READ) {
            Map<String, String> compaction = new LinkedHashMap<>(settings);
            compaction.put("hoodie.compact.inline.max.delta.commits", "1");
            compacted = sum(
                    spark.sql("CALL run_compaction(op => 'scheduleAndExecute', path => " + location
                            + optionsArgument(compaction) + ")"),
                    "operation_size");
        }

        Map<String, String> clustering = new LinkedHashMap<>(settings);
        // Like Delta's OPTIMIZE, rewrite only where two or more small files can become one.
        clustering.put("hoodie.clustering.plan.strategy.single.group.clustering.enabled", "false");
        spark.sql("CALL run_clustering(path => " + location + optionsArgument(clustering) + ")")
                .collectAsList();
        client.reloadActiveTimeline();
        HoodieTimeline replaced = client.getActiveTimeline().getCompletedReplaceTimeline();
        long clustered = replaced.getInstantsAsStream()
                .filter(i -> i.requestedTime().compareTo(before) > 0)
                .mapToLong(i -> {
                    try {
                        return replaced.readReplaceCommitMetadata(i).getPartitionToReplaceFileIds().values().stream()
                                .mapToLong(List::size)
                                .sum();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .sum();

        long hours = (retention.toMinutes() + 59) / 60;
        // Hudi retains by whole hours; under one hour means "keep only the current files".
        String policy = hours == 0
                ? "clean_policy => 'KEEP_LATEST_FILE_VERSIONS', file_versions_retained => 1"
                : "clean_policy => 'KEEP_LATEST_BY_HOURS', hours_retained => " + hours;
        long removed = sum(
                spark.sql("CALL run_clean(table => " + literal(registered.unquoted()) + ", " + policy
                        + ", trigger_max_commits => 0" + optionsArgument(settings) + ")"),
                "total_files_deleted");
        String detail = "compaction rewrote " + compacted + " file groups; clustering rewrote " + clustered
                + " file groups; clean deleted " + removed + " files ("
                + (hours == 0 ? "kept the latest file versions" : "kept " + hours + "h") + ")";
        return new MaintenanceResult(compacted + clustered, removed, detail);
    }

    /** {@code , options => 'k1=v1,k2=v2'}, the form Hudi's procedures take; empty when there are none. */
    private static String optionsArgument(Map<String, String> options) {
        if (options.isEmpty()) {
            return "";
        }
        return ", options => "
                + literal(options.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(",")));
    }

    private static long sum(Dataset<Row> procedureResult, String column) {
        long total = 0;
        for (Row row : procedureResult.collectAsList()) {
            Object value = row.get(row.fieldIndex(column));
            total += value == null ? 0 : ((Number) value).longValue();
        }
        return total;
    }
}
