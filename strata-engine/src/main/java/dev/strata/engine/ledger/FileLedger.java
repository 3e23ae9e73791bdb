package dev.strata.engine.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.ledger.Ledger;
import dev.strata.core.ledger.LedgerEntry;
import dev.strata.core.ledger.PendingBatch;
import dev.strata.core.run.RunResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The run ledger as small JSON files under {@code <storage.root>/_strata/} on any Hadoop file system: the ledger of a
 * run given no database. A file is written to a temporary name and renamed, so a reader never sees half an entry.
 */
public final class FileLedger implements Ledger {
    private static final ObjectMapper JSON = Ledger.json();

    private final Path root;
    private final Configuration conf;

    public FileLedger(String storageRoot, Configuration conf) {
        this.root = new Path(storageRoot, "_strata");
        this.conf = conf;
    }

    /** Every committed entry of a dataset, oldest first. */
    @Override
    public List<LedgerEntry> entries(String dataset) {
        Path dir = new Path(new Path(root, "ledger"), dataset);
        List<LedgerEntry> entries = new ArrayList<>();
        try {
            FileSystem fs = dir.getFileSystem(conf);
            if (!fs.exists(dir)) {
                return entries;
            }
            for (FileStatus status : fs.listStatus(dir)) {
                String name = status.getPath().getName();
                if (name.endsWith(".json") && !name.startsWith(".")) {
                    try (InputStream in = fs.open(status.getPath())) {
                        entries.add(JSON.readValue(in, LedgerEntry.class));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the run ledger at " + dir, e);
        }
        entries.sort(Comparator.comparing(LedgerEntry::committedAt));
        return entries;
    }

    /** Records the committed batch, then forgets it as pending. */
    @Override
    public void commit(LedgerEntry entry) {
        write(new Path(new Path(new Path(root, "ledger"), entry.dataset()), entry.runId() + ".json"), entry);
        clearPending(entry.dataset());
    }

    @Override
    public int reset(String dataset, String keptRunId) {
        Path dir = new Path(new Path(root, "ledger"), dataset);
        int forgotten = 0;
        try {
            FileSystem fs = dir.getFileSystem(conf);
            if (!fs.exists(dir)) {
                return 0;
            }
            for (FileStatus status : fs.listStatus(dir)) {
                String name = status.getPath().getName();
                if (name.endsWith(".json") && !name.startsWith(".") && !name.equals(keptRunId + ".json")) {
                    fs.delete(status.getPath(), false);
                    forgotten++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot reset the run ledger at " + dir, e);
        }
        return forgotten;
    }

    /** Fixes a batch's inputs before its first write; see {@link PendingBatch}. */
    @Override
    public void begin(PendingBatch batch) {
        write(pendingPath(batch.dataset()), batch);
    }

    /** The batch a dataset began and did not record as committed, or null. */
    @Override
    public PendingBatch pending(String dataset) {
        Path path = pendingPath(dataset);
        try {
            FileSystem fs = path.getFileSystem(conf);
            if (!fs.exists(path)) {
                return null;
            }
            try (InputStream in = fs.open(path)) {
                return JSON.readValue(in, PendingBatch.class);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the run ledger at " + path, e);
        }
    }

    /** Forgets a dataset's pending batch. */
    @Override
    public void clearPending(String dataset) {
        Path path = pendingPath(dataset);
        try {
            path.getFileSystem(conf).delete(path, false);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the run ledger at " + path, e);
        }
    }

    private Path pendingPath(String dataset) {
        return new Path(new Path(root, "pending"), dataset + ".json");
    }

    /** Keeps the run's outcome, with every dataset's counts, next to the ledger. */
    @Override
    public void recordRun(RunResult result) {
        write(new Path(new Path(root, "runs"), result.runId() + ".json"), result);
    }

    /** The outcome {@link #recordRun} kept for a run, or null when there is none. */
    @Override
    public RunResult run(String runId) {
        Path path = new Path(new Path(root, "runs"), runId + ".json");
        try {
            FileSystem fs = path.getFileSystem(conf);
            if (!fs.exists(path)) {
                return null;
            }
            try (InputStream in = fs.open(path)) {
                return JSON.readValue(in, RunResult.class);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the run record " + path, e);
        }
    }

    /** The outcomes of the {@code limit} run records written last. */
    @Override
    public List<RunResult> recentRuns(int limit) {
        Path dir = new Path(root, "runs");
        List<RunResult> runs = new ArrayList<>();
        try {
            FileSystem fs = dir.getFileSystem(conf);
            if (!fs.exists(dir)) {
                return runs;
            }
            List<FileStatus> records = new ArrayList<>();
            for (FileStatus status : fs.listStatus(dir)) {
                String name = status.getPath().getName();
                if (name.endsWith(".json") && !name.startsWith(".")) {
                    records.add(status);
                }
            }
            records.sort(
                    Comparator.comparingLong(FileStatus::getModificationTime).reversed());
            for (FileStatus status : records.subList(0, Math.min(limit, records.size()))) {
                try (InputStream in = fs.open(status.getPath())) {
                    runs.add(JSON.readValue(in, RunResult.class));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the run records at " + dir, e);
        }
        return runs;
    }

    private void write(Path target, Object value) {
        try {
            FileSystem fs = target.getFileSystem(conf);
            fs.mkdirs(target.getParent());
            Path temp = new Path(target.getParent(), "." + target.getName() + ".tmp");
            try (OutputStream out = fs.create(temp, true)) {
                JSON.writeValue(out, value);
            }
            if (fs.exists(target)) {
                fs.delete(target, false);
            }
            if (!fs.rename(temp, target)) {
                throw new IOException("rename of " + temp + " to " + target + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the run ledger at " + target, e);
        }
    }
}
