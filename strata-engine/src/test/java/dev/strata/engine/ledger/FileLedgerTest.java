package dev.strata.engine.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.run.RunResult;
import dev.strata.core.run.RunStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileLedgerTest {
    @TempDir
    Path root;

    @Test
    void readsTheRunRecordsWrittenLast() throws IOException {
        Configuration conf = new Configuration();
        FileLedger ledger = new FileLedger(root.toUri().toString(), conf);
        FileSystem fs = FileSystem.getLocal(conf);
        long minute = 60_000;
        // Written out of order: a run id given with --run-id says nothing of when the run was.
        for (String run : List.of("b", "c", "a")) {
            ledger.recordRun(
                    new RunResult(run, "shop", RunStatus.SUCCEEDED, Instant.EPOCH, Instant.EPOCH, 0, List.of()));
        }
        fs.setTimes(new org.apache.hadoop.fs.Path(root.toUri().toString(), "_strata/runs/b.json"), 3 * minute, -1);
        fs.setTimes(new org.apache.hadoop.fs.Path(root.toUri().toString(), "_strata/runs/c.json"), 1 * minute, -1);
        fs.setTimes(new org.apache.hadoop.fs.Path(root.toUri().toString(), "_strata/runs/a.json"), 2 * minute, -1);

        assertThat(ledger.recentRuns(2)).extracting(RunResult::runId).containsExactly("b", "a");
        assertThat(ledger.recentRuns(10)).extracting(RunResult::runId).containsExactly("b", "a", "c");
        assertThat(new FileLedger(root.resolve("none").toUri().toString(), conf).recentRuns(2))
                .isEmpty();
    }
}
