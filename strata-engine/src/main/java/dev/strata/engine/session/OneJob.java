package dev.strata.engine.session;

import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.CollectMetrics;
import org.apache.spark.sql.catalyst.plans.logical.Filter;
import org.apache.spark.sql.catalyst.plans.logical.LeafNode;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Project;
import org.apache.spark.sql.catalyst.plans.logical.SubqueryAlias;
import scala.collection.JavaConverters;

/**
 * Work planned without adaptive query execution, so that a query runs as one Spark job. Adaptive execution submits
 * every shuffle stage of a query (and of a cached plan it reads) as a job of its own, and a small batch pays a fixed
 * cost per job. Used for a global aggregation to one row, where adaptive execution has nothing to adapt,
 * and for caching the batch such an aggregation measures, whose shuffles then keep {@code
 * spark.sql.shuffle.partitions} uncoalesced (docs/deploy.md).
 */
public final class OneJob {
    private static final String ADAPTIVE = "spark.sql.adaptive.enabled";

    private OneJob() {}

    /**
     * Runs {@code work} with adaptive execution off in {@code session}, restoring the setting after. Spark plans a
     * query when it runs and a cache when it is persisted, so both must happen inside. The session is the dataset's
     * own (a dataset built beside others has a clone of the run's session), so no other query sees the setting.
     */
    public static <T> T in(SparkSession session, Supplier<T> work) {
        String previous = session.conf().get(ADAPTIVE);
        session.conf().set(ADAPTIVE, "false");
        try {
            return work.get();
        } finally {
            session.conf().set(ADAPTIVE, previous);
        }
    }

    /**
     * True when {@code rows} read their input row by row (projections, filters and observations over relations or
     * cached rows, no subquery), so no plan of them has a shuffle for adaptive execution to adapt. Adaptive execution
     * still submits an unfilled cache such rows read as a job of its own; planned without it, the query that reads
     * them fills the cache in its own job. Reads the plan as analyzed, with cached data substituted: nothing is
     * optimized, so no table is listed.
     */
    public static boolean narrow(Dataset<?> rows) {
        return narrow(rows.queryExecution().withCachedData());
    }

    private static boolean narrow(LogicalPlan plan) {
        if (!plan.subqueries().isEmpty()) {
            return false;
        }
        if (plan instanceof LeafNode) {
            return true;
        }
        if (!(plan instanceof Project
                || plan instanceof Filter
                || plan instanceof CollectMetrics
                || plan instanceof SubqueryAlias)) {
            return false;
        }
        return JavaConverters.seqAsJavaList(plan.children()).stream().allMatch(OneJob::narrow);
    }
}
