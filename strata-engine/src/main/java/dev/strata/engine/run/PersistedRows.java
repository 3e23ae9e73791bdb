package dev.strata.engine.run;

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

    @Override
    public void close() {
        cached.forEach(Dataset::unpersist);
    }
}
