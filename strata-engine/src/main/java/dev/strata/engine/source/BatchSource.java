package dev.strata.engine.source;

import dev.strata.core.run.Reprocessing;

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
