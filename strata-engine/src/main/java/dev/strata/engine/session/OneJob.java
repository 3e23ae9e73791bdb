package dev.strata.engine.session;

import java.math.BigInteger;
import java.util.function.Supplier;
import org.apache.spark.network.util.JavaUtils;
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
 * spark.sql.shuffle.partitions} uncoalesced (docs/deploy.md); and, through {@link #inIfSmall}, for a MERGE so small
 * that adaptive execution would coalesce its shuffles to the default parallelism anyway.
 */
public final class OneJob {
    private static final String ADAPTIVE = "spark.sql.adaptive.enabled";
    private static final String ADVISORY_PARTITION_BYTES = "spark.sql.adaptive.advisoryPartitionSizeInBytes";
    private static final String SHUFFLE_PARTITIONS = "spark.sql.shuffle.partitions";

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
     * Runs {@code work} as {@link #in} does, with at most Spark's default parallelism in shuffle partitions, when the
     * data it reads ({@code bytes}, e.g. {@link #inputBytes}) fits in one advisory partition of adaptive execution
     * ({@code spark.sql.adaptive.advisoryPartitionSizeInBytes}, 64 MB by default); otherwise as planned. On so little
     * data adaptive execution would coalesce each shuffle to about that many partitions anyway (it puts parallelism
     * first), and switch no join that the sizes Spark knows before running do not already pick; what it would add is a
     * Spark job for each shuffle stage, which a small merge pays in fixed cost. Nothing changes when adaptive execution
     * is off already.
     */
    public static <T> T inIfSmall(SparkSession session, long bytes, Supplier<T> work) {
        if (!Boolean.parseBoolean(session.conf().get(ADAPTIVE))
                || bytes > JavaUtils.byteStringAsBytes(session.conf().get(ADVISORY_PARTITION_BYTES))) {
            return work.get();
        }
        String previous = session.conf().get(SHUFFLE_PARTITIONS);
        int partitions =
                Math.min(Integer.parseInt(previous), session.sparkContext().defaultParallelism());
        session.conf().set(SHUFFLE_PARTITIONS, Integer.toString(Math.max(1, partitions)));
        try {
            return in(session, work);
        } finally {
            session.conf().set(SHUFFLE_PARTITIONS, previous);
        }
    }

    /**
     * The bytes the inputs of {@code rows} hold as Spark estimates them before running anything: the sum over the
     * leaves of its plan, with cached data substituted (a filled cache's own size), of tables' and files' sizes. Not
     * the size of the result, which Spark estimates for a join as the product of its sides.
     */
    public static long inputBytes(Dataset<?> rows) {
        BigInteger total = BigInteger.ZERO;
        for (LogicalPlan leaf : JavaConverters.seqAsJavaList(
                rows.queryExecution().withCachedData().collectLeaves())) {
            try {
                total = total.add(leaf.stats().sizeInBytes().bigInteger());
            } catch (RuntimeException e) {
                // A source that cannot estimate itself before it is planned: count it as large.
                return Long.MAX_VALUE;
            }
        }
        return total.min(BigInteger.valueOf(Long.MAX_VALUE)).longValue();
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
