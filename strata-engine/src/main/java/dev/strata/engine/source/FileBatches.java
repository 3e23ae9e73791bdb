package dev.strata.engine.source;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.core.run.Reprocessing;
import dev.strata.engine.sink.CommitId;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A source read by a {@link Source} in one batch: for a file format, the files the dataset has not ingested yet (the
 * cursor lists them); for a table format, the table as its spec says.
 */
final class FileBatches implements BatchSource {
    private final Source source;
    private final SourceContext context;
    /** Whether the last listing found no data file at all, ingested or not. */
    private boolean sourceEmpty;

    FileBatches(Source source, SourceContext context) {
        this.source = source;
        this.context = context;
    }

    @Override
    public Cursor next() {
        if (!context.spec().format().isFileBased()) {
            return Cursor.NONE;
        }
        Set<String> ingested = context.ledger().ingestedFiles(context.dataset());
        List<String> listed = SourceFiles.list(context.spark(), context.spec().path());
        sourceEmpty = listed.isEmpty();
        List<String> files = listed.stream().filter(f -> !ingested.contains(f)).toList();
        if (files.isEmpty()) {
            return null;
        }
        checkUnderRoots(files);
        return new Cursor(files, Map.of());
    }

    @Override
    public Cursor all() {
        if (!context.spec().format().isFileBased()) {
            return Cursor.NONE;
        }
        List<String> files = SourceFiles.list(context.spark(), context.spec().path());
        sourceEmpty = files.isEmpty();
        if (files.isEmpty()) {
            return null;
        }
        checkUnderRoots(files);
        return new Cursor(files, Map.of());
    }

    @Override
    public Cursor modifiedIn(Reprocessing window) {
        if (!context.spec().format().isFileBased()) {
            return Cursor.NONE;
        }
        List<String> files =
                SourceFiles.modifiedIn(context.spark(), context.spec().path(), window::inWindow);
        if (files.isEmpty()) {
            return null;
        }
        checkUnderRoots(files);
        return new Cursor(files, Map.of());
    }

    @Override
    public String noInputNote() {
        return sourceEmpty
                ? "no input: source " + context.name() + " at " + context.spec().path() + " holds no data file"
                : BatchSource.super.noInputNote();
    }

    @Override
    public Batches read(Cursor cursor, BatchRun run) {
        checkUnderRoots(cursor.files());
        SourceRead read = source.read(context.spark(), context.spec(), cursor.files());
        return Batches.of(SourceBatch.stamped(read, run, CommitId.ofRun(run.runId()), cursor));
    }

    /**
     * A server run's source files must lie under its roots: the source path did when the file was loaded, but a glob or
     * a symbolic link below it may lead out.
     */
    private void checkUnderRoots(List<String> files) {
        for (String file : files) {
            context.roots().violation(file).ifPresent(reason -> {
                throw new StrataException(
                        ErrorCode.ACCESS_DENIED,
                        "Cannot read source " + context.name() + ": its file " + file
                                + " may not be read by a server run: " + reason
                                + " (keep a source's files, and the links among them, under the allowed roots)");
            });
        }
    }
}
