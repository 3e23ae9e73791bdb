package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.store.ScratchDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs given one database exclude each other through a PostgreSQL advisory lock, on the machine's PostgreSQL: the
 * second is told who holds it, from the holder session's application_name, and a waiting one gets it when it is free.
 */
class PipelineLockIT {
    /** A cloud root has no local folder to lock: the database's lock alone. */
    private static final String ROOT = "s3a://bucket/lake";

    @Test
    void aRunGivenADatabaseIsToldWhichRunHoldsThePipelineAndAWaitingOneGetsItAfter() throws Exception {
        try (ScratchDatabase database = ScratchDatabase.create()) {
            Map<String, String> env =
                    Map.of("STRATA_DB_URL", database.settings(null).url(), "STRATA_DB_USER", "postgres");
            List<String> waiting = new CopyOnWriteArrayList<>();
            PipelineLock.Acquired first = (PipelineLock.Acquired)
                    PipelineLock.acquire("orders", ROOT, RunHolder.self("first"), env, false, waiting::add);

            PipelineLock.Outcome second =
                    PipelineLock.acquire("orders", ROOT, RunHolder.self("second"), env, false, waiting::add);

            assertThat(second).isInstanceOf(PipelineLock.Held.class);
            RunHolder holder = ((PipelineLock.Held) second).holder();
            assertThat(holder.runId()).isEqualTo("first");
            assertThat(holder.pid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(PipelineLock.heldMessage("orders", (PipelineLock.Held) second))
                    .startsWith("Cannot run orders: run first (pid "
                            + ProcessHandle.current().pid() + " on ")
                    .contains(" is running it (lock in the metadata store (");
            PipelineLock.Outcome other =
                    PipelineLock.acquire("customers", ROOT, RunHolder.self("other"), env, false, waiting::add);
            assertThat(other).as("another pipeline").isInstanceOf(PipelineLock.Acquired.class);
            ((PipelineLock.Acquired) other).lock().close();

            CompletableFuture<PipelineLock.Outcome> third = CompletableFuture.supplyAsync(
                    () -> PipelineLock.acquire("orders", ROOT, RunHolder.self("third"), env, true, waiting::add));
            long end = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (waiting.isEmpty()) {
                assertThat(System.nanoTime()).as("the third run waits").isLessThan(end);
                Thread.sleep(50);
            }
            assertThat(waiting).singleElement().asString().startsWith("Waiting for run first (pid ");
            assertThat(third).isNotDone();
            first.lock().close();

            PipelineLock.Outcome got = third.get(1, TimeUnit.MINUTES);
            assertThat(got).isInstanceOf(PipelineLock.Acquired.class);
            ((PipelineLock.Acquired) got).lock().close();
        }
    }
}
