package dev.strata.engine.session;

import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

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
}
