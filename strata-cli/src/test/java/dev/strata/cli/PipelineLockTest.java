package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline's file lock within one JVM, which holds it as another process would, and the holder's line. */
class PipelineLockTest {
    @TempDir
    Path dir;

    private PipelineLock.Outcome acquire(String runId, List<String> waiting) {
        return PipelineLock.acquire(
                "orders", dir.resolve("lake").toString(), RunHolder.self(runId), Map.of(), false, waiting::add);
    }

    @Test
    void aSecondRunFindsTheFirstNamedInTheLockFileUntilItIsReleased() {
        List<String> waiting = new ArrayList<>();
        PipelineLock.Outcome first = acquire("first", waiting);
        assertThat(first).isInstanceOf(PipelineLock.Acquired.class);

        PipelineLock.Outcome second = acquire("second", waiting);

        assertThat(second).isInstanceOf(PipelineLock.Held.class);
        PipelineLock.Held held = (PipelineLock.Held) second;
        assertThat(held.holder().runId()).isEqualTo("first");
        assertThat(held.holder().pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(PipelineLock.heldMessage("orders", held))
                .startsWith("Cannot run orders: run first (pid "
                        + ProcessHandle.current().pid() + " on ")
                .endsWith(" is running it (lock in " + dir.resolve("lake/_strata/run.lock")
                        + "; wait for it with --wait, or stop that run)");
        assertThat(acquire("first", waiting))
                .as("another process of the same run (an Argo pod) shares it")
                .isInstanceOf(PipelineLock.Acquired.class);

        ((PipelineLock.Acquired) first).lock().close();
        PipelineLock.Outcome third = acquire("third", waiting);
        assertThat(third).isInstanceOf(PipelineLock.Acquired.class);
        ((PipelineLock.Acquired) third).lock().close();
        assertThat(waiting).isEmpty();
    }

    @Test
    void aLocalRootIsLockedInItsFolderAndACloudRootIsNot() {
        assertThat(PipelineLock.localFolder("s3a://bucket/lake")).isNull();
        assertThat(PipelineLock.localFolder("abfss://c@account.dfs.core.windows.net/lake"))
                .isNull();
        assertThat(PipelineLock.localFolder("file:/data/lake")).isEqualTo(Path.of("/data/lake"));
        assertThat(PipelineLock.localFolder("/data/./lake")).isEqualTo(Path.of("/data/lake"));
    }

    @Test
    void aHolderLineCutShortStillNamesTheRun() {
        RunHolder holder =
                new RunHolder("20260101-080000-ab12", "build-1", 4242, Instant.parse("2026-01-01T08:00:00Z"));

        assertThat(RunHolder.decode(holder.encode())).isEqualTo(holder);
        assertThat(holder.describe())
                .isEqualTo("run 20260101-080000-ab12 (pid 4242 on build-1, since 2026-01-01T08:00:00Z)");
        assertThat(RunHolder.decode("strata-run 20260101-080000-ab12 42").describe())
                .isEqualTo("run 20260101-080000-ab12 (pid 42)");
        assertThat(RunHolder.decode("psql")).isNull();
    }
}
