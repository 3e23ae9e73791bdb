package dev.strata.engine.session;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Rows planned without adaptive query execution, so that a query over them runs as one Spark job. Adaptive execution
 * submits every shuffle stage of a query (and of a cached plan it reads) as a job of its own, and a small batch pays a
 * fixed cost per job (issue 16). Used for a global aggregation to one row, where adaptive execution has nothing to
 * adapt, and for the cached batch such an aggregation measures, whose shuffles then keep {@code
 * spark.sql.shuffle.partitions} uncoalesced (docs/deploy.md).
 */
public final class OneJob {
    private static final String ADAPTIVE = "spark.sql.adaptive.enabled";

    private OneJob() {}

    /**
     * {@code rows} in a clone of their session with adaptive execution off: the caller's session, and any query
     * running beside it, keep their settings. Cached data is shared between the clones, so a cached batch is still
     * read from its cache; local properties (the run's job tags) belong to the thread, so the jobs keep them.
     */
    public static Dataset<Row> of(Dataset<Row> rows) {
        SparkSession session = rows.sparkSession().cloneSession();
        session.conf().set(ADAPTIVE, "false");
        return Dataset.ofRows(session, rows.logicalPlan());
    }
}
