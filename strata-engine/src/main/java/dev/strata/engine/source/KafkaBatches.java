package dev.strata.engine.source;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.engine.sink.CommitId;
import org.apache.hadoop.fs.Path;

/**
 * A Kafka topic as batches: every micro-batch the dataset's checkpoint has not committed. The checkpoint is the
 * cursor, so the ledger tracks none ({@link Cursor#NONE}); each micro-batch's table commits carry the checkpoint's batch
 * id, so a micro-batch replayed after a crash is skipped where it was committed.
 */
final class KafkaBatches implements BatchSource {
    private final SourceContext context;

    KafkaBatches(SourceContext context) {
        this.context = context;
    }

    @Override
    public Cursor next() {
        return Cursor.NONE;
    }

    @Override
    public boolean checkpointed() {
        return true;
    }

    @Override
    public Batches read(Cursor cursor, BatchRun run) {
        String dataset = context.dataset();
        String checkpoint = new Path(new Path(context.storageRoot(), "_strata/checkpoints"), dataset).toString();
        return handler -> KafkaSource.stream(context.spark(), context.spec(), checkpoint, (read, batchId) -> {
            CommitId commit = new CommitId("strata-kafka:" + dataset, batchId);
            String failure = handler.handle(SourceBatch.stamped(read, run, commit, Cursor.NONE));
            if (failure != null) {
                // Stop the stream before the checkpoint commits this micro-batch, so the next run retries it.
                throw new StrataException(ErrorCode.DATASET_FAILED, failure);
            }
        });
    }
}
