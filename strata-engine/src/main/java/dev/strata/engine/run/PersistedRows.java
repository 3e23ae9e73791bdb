package dev.strata.engine.run;

import dev.strata.engine.session.OneJob;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/** The frames one batch cached, released together when the batch is done, however it ends. */
final class PersistedRows implements AutoCloseable {
    private final List<Dataset<Row>> cached = new ArrayList<>();

    Dataset<Row> persist(Dataset<Row> rows) {
        Dataset<Row> persisted = rows.persist(StorageLevel.MEMORY_AND_DISK());
        cached.add(persisted);
        return persisted;
    }

    /**
     * Caches {@code rows} planned as one job ({@link OneJob}): the query that first reads them, itself planned so,
     * computes and caches them in one Spark job.
     */
    Dataset<Row> persistInOneJob(Dataset<Row> rows) {
        return OneJob.in(rows.sparkSession(), () -> persist(rows));
    }

    @Override
    public void close() {
        cached.forEach(Dataset::unpersist);
    }
}
