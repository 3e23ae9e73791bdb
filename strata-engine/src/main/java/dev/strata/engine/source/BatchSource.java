package dev.strata.engine.source;

import dev.strata.core.run.Reprocessing;
import dev.strata.engine.sink.Replacement;
import java.util.List;

/**
 * The input of one dataset as batches: source files, an upstream dataset read incrementally by run id, a SQL query or
 * a Kafka topic. The dataset builder asks for the {@link #next() cursor} of new input, {@link #read reads} it, fixes it in
 * the ledger, then builds its batches; after a crash it reads the pending cursor again, which yields the same batches.
 */
public interface BatchSource {
    /** What a read would consume now; null when there is no new input. */
    Cursor next();

    /**
     * Reads the cursor: resolves its rows now (so that input that cannot be read fails before the ledger fixes the
     * cursor), and returns its batches, which the caller then builds in order.
     *
     * @param run the run the batches belong to: it stamps their rows and names their commits
     */
    Batches read(Cursor cursor, BatchRun run);

    /**
     * What a full refresh reads: everything the input holds, ingested or not; null when it holds nothing. By default
     * the same as {@link #next()}, for input read whole each time.
     */
    default Cursor all() {
        return next();
    }

    /**
     * What a backfill reads: the source files modified in the window, ingested or not; null when none was. Input that
     * is read whole each time reads as {@link #next()} does.
     */
    default Cursor modifiedIn(Reprocessing window) {
        return next();
    }

    /** Why {@link #modifiedIn} found nothing, for the dataset's result. */
    default String noBackfillNote() {
        return "no source file was modified in the backfill window";
    }

    /**
     * The rows of an append table a backfill of {@code batch} replaces: those earlier runs loaded from the same input;
     * by default the rows of the batch's source files. Null when there are none.
     */
    default Replacement replaces(SourceBatch batch) {
        List<String> files = batch.rows().select(SourceRead.SOURCE_FILE).distinct().collectAsList().stream()
                .map(row -> row.getString(0))
                .sorted()
                .toList();
        return files.isEmpty() ? null : Replacement.where(SourceRead.SOURCE_FILE, files);
    }

    /**
     * Called once a full refresh of {@code cursor} is written to the tables, before the ledger records it, so the
     * source can move its own progress past the refreshed input. Must be idempotent: a retry of an interrupted refresh
     * calls it again.
     */
    default void refreshed(Cursor cursor, BatchRun run) {}

    /** What a cursor reads, for the dataset's note when it is not plain from the files (null then). */
    default String describe(Cursor cursor) {
        return null;
    }

    /** Why {@link #next()} found nothing, for the dataset's result. */
    default String noInputNote() {
        return "no new input";
    }

    /**
     * Whether the batches are micro-batches of a checkpointed stream: their outcomes are summed into one, and a failed
     * one stops the stream before the checkpoint moves past it.
     */
    default boolean checkpointed() {
        return false;
    }

    /**
     * Whether a read of this kind (null for an ordinary run) comes as micro-batches of the stream: a full refresh or a
     * backfill reads one bounded batch, even from a checkpointed source.
     */
    default boolean streams(Reprocessing.Kind kind) {
        return checkpointed() && kind == null;
    }

    /** The batches of one read, handed over one at a time. */
    @FunctionalInterface
    interface Batches {
        void forEach(BatchHandler handler);

        /** A read of exactly one batch. */
        static Batches of(SourceBatch batch) {
            return handler -> handler.handle(batch);
        }
    }

    /** Builds one batch. */
    @FunctionalInterface
    interface BatchHandler {
        /** Builds the batch; returns null when it committed, else why it failed (nothing of it was written). */
        String handle(SourceBatch batch);
    }
}
