package dev.strata.engine.sink;

import java.time.Duration;
import java.util.stream.StreamSupport;
import org.apache.iceberg.Table;
import org.apache.iceberg.actions.DeleteOrphanFiles;
import org.apache.iceberg.actions.ExpireSnapshots;
import org.apache.iceberg.actions.RewriteDataFiles;
import org.apache.iceberg.spark.actions.SparkActions;
import org.apache.spark.sql.SparkSession;

/** Maintenance of an Iceberg table through Iceberg's Spark actions. */
final class IcebergMaintenance {
    private IcebergMaintenance() {}

    /**
     * Compacts small data files, expires the snapshots older than the retention (keeping the current one), and deletes
     * files no snapshot references that are older than the retention.
     */
    static MaintenanceResult maintain(SparkSession spark, Table iceberg, Duration retention) {
        SparkActions actions = SparkActions.get(spark);
        // Delta's OPTIMIZE compacts any two small files; Iceberg's default waits for five.
        RewriteDataFiles.Result rewritten =
                actions.rewriteDataFiles(iceberg).option("min-input-files", "2").execute();
        long cutoff = System.currentTimeMillis() - retention.toMillis();
        iceberg.refresh();
        ExpireSnapshots.Result expired = actions.expireSnapshots(iceberg)
                .expireOlderThan(cutoff)
                .retainLast(1)
                .execute();
        DeleteOrphanFiles.Result orphans =
                actions.deleteOrphanFiles(iceberg).olderThan(cutoff).execute();
        long orphanCount = StreamSupport.stream(orphans.orphanFileLocations().spliterator(), false)
                .count();
        long removed = expired.deletedDataFilesCount()
                + expired.deletedPositionDeleteFilesCount()
                + expired.deletedEqualityDeleteFilesCount();
        String detail = "rewrite_data_files rewrote " + rewritten.rewrittenDataFilesCount() + " files into "
                + rewritten.addedDataFilesCount() + "; expire_snapshots deleted " + removed + " data files and "
                + (expired.deletedManifestsCount() + expired.deletedManifestListsCount())
                + " manifests; remove_orphan_files deleted " + orphanCount + " files; retention " + retention;
        return new MaintenanceResult(rewritten.rewrittenDataFilesCount(), removed + orphanCount, detail);
    }
}
