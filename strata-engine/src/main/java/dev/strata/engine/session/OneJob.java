package dev.strata.engine.session;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Rows planned without adaptive query execution, so that a query over them runs as one Spark job. Adaptive execution
 * submits every shuffle stage of a query (and of a cached plan it reads) as a job of its own; a small batch pays a
 * fixed cost per job, which issue 16 measured as the bulk of a tiny pipeline's time. Used where adaptive execution has
 * nothing to adapt: a global aggregation to one row, and the cached batch such an aggregation measures.
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
