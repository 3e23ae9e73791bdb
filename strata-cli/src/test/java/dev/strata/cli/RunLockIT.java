package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.quality.DatasetMetrics;
import dev.strata.store.MetadataStore;
import dev.strata.store.StoreSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs of one pipeline from the CLI exclude each other, and Ctrl-C ends a run with a summary and a stopped store: real
 * {@code bin/strata} processes on a two-row CSV, with the embedded store in a STRATA_HOME of their own. A run is held
 * at a known point by SIGSTOP (it holds the lock, frozen) or by a filter that sleeps while the test sends SIGINT, never
 * by timing.
 */
class RunLockIT {
    private static final Duration DEADLINE = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aSecondRunIsToldWhichRunHoldsThePipelineAndExits2AndWithWaitRunsAfterIt() throws Exception {
        Path file = TestFiles.pausingPipeline(dir, "lockdemo");
        Map<String, String> env = Map.of("STRATA_HOME", dir.resolve("home").toString());
        StrataProcess first = StrataProcess.start(env, run(file, "first"));
        try {
            first.awaitOutput("Running lockdemo (run first)", DEADLINE);
            first.signal("STOP");

            StrataProcess.Outcome second =
                    StrataProcess.start(env, run(file, "second")).await();

            assertThat(second.exitCode()).as(second.out() + second.err()).isEqualTo(2);
            assertThat(second.err())
                    .contains("strata: Cannot run lockdemo: run first (pid " + first.pid() + " on ")
                    .contains(" is running it (lock in " + dir.resolve("lake/_strata/run.lock"))
                    .contains("wait for it with --wait, or stop that run)")
                    .doesNotContain("\tat ");
            assertThat(second.out()).doesNotContain("Running");

            List<String> waiting = new ArrayList<>(List.of(run(file, "third")));
            waiting.add("--wait");
            StrataProcess third = StrataProcess.start(env, waiting.toArray(String[]::new));
            third.awaitOutput("Waiting for run first (pid " + first.pid(), DEADLINE);
            first.signal("CONT");
            StrataProcess.Outcome firstDone = first.await();
            StrataProcess.Outcome thirdDone = third.await();

            assertThat(firstDone.exitCode())
                    .as(firstDone.out() + firstDone.err())
                    .isZero();
            assertThat(firstDone.out()).contains("in 2, written 2").doesNotContain("warn");
            assertThat(thirdDone.exitCode())
                    .as(thirdDone.out() + thirdDone.err())
                    .isZero();
            assertThat(thirdDone.out())
                    .as("the waiting run opens the store once the first has stopped it: no warning")
                    .contains("Running lockdemo (run third)")
                    .doesNotContain("recovered the batch")
                    .doesNotContain("warn");
            assertThat(rows("bronze/people")).containsExactly("1,ada", "2,bob");
            assertThat(recordedDatasets("first")).contains("bronze.people", "silver.people");
        } finally {
            first.destroy();
        }
    }

    @Test
    void ctrlCSaysWhatWasCommittedAndWhatIsPendingAndTheNextRunFinishesItWithTheStore() throws Exception {
        Path file = TestFiles.pausingPipeline(dir, "lockdemo");
        Map<String, String> env =
                new HashMap<>(Map.of("STRATA_HOME", dir.resolve("home").toString()));
        List<String> pausing = new ArrayList<>(List.of(run(file, "first")));
        pausing.addAll(List.of("--param", "PAUSE_MS=600000"));
        StrataProcess first = StrataProcess.start(env, pausing.toArray(String[]::new));
        try {
            first.awaitOutput("in 2, written 2", DEADLINE);
            awaitFile(dir.resolve("lake/_strata/pending/silver.people.json"));
            first.signal("INT");
            StrataProcess.Outcome interrupted = first.await();

            assertThat(interrupted.exitCode())
                    .as(interrupted.out() + interrupted.err())
                    .isEqualTo(130);
            assertThat(interrupted.out())
                    .contains("Interrupted: run first stopped before it finished.\n"
                            + "  committed in this run: bronze.people\n"
                            + "  interrupted: silver.people; its batch (run first) is pending in the ledger: the next"
                            + " `strata run` finishes it first, with the same input\n")
                    .doesNotContain("not started");
        } finally {
            first.destroy();
        }

        StrataProcess.Outcome next =
                StrataProcess.start(env, run(file, "second")).await();

        assertThat(next.exitCode()).as(next.out() + next.err()).isZero();
        assertThat(next.out() + next.err())
                .contains("recovered the batch of interrupted run first")
                .doesNotContain("Gave up waiting")
                .doesNotContain("metrics are not recorded");
        assertThat(rows("silver/people")).containsExactly("1,ada", "2,bob");
        assertThat(rows("bronze/people")).containsExactly("1,ada", "2,bob");
        assertThat(dir.resolve("lake/_strata/pending/silver.people.json")).doesNotExist();
        assertThat(recordedDatasets("first"))
                .as(
                        "bronze's metrics, recorded before Ctrl-C, and silver's, recorded by the run that finished its batch"
                                + " under the interrupted run's id")
                .contains("bronze.people", "silver.people");
    }

    private static String[] run(Path file, String runId) {
        return new String[] {"run", file.toString(), "--run-id", runId, "--master", "local[1]", "--no-progress"};
    }

    /** A plain-file table's rows (id and name) from the JSON lines of its committed batches, sorted. */
    private List<String> rows(String table) throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("lake").resolve(table))) {
            List<String> rows = new ArrayList<>();
            for (Path part : files.filter(p -> p.getFileName().toString().startsWith("part-"))
                    .filter(p -> p.toString().endsWith(".json"))
                    .filter(p -> p.toString().contains("_strata_batch="))
                    .toList()) {
                for (String line : Files.readAllLines(part, StandardCharsets.UTF_8)) {
                    JsonNode row = JSON.readTree(line);
                    rows.add(row.get("id").asText() + "," + row.get("name").asText());
                }
            }
            return rows.stream().sorted().toList();
        }
    }

    /** The datasets whose metrics run {@code runId} recorded in the embedded store. */
    private List<String> recordedDatasets(String runId) {
        try (MetadataStore store = MetadataStore.open(StoreSettings.embedded(dir.resolve("home/postgres")))) {
            return store.metrics().run("lockdemo", runId).stream()
                    .map(DatasetMetrics::dataset)
                    .toList();
        }
    }

    private static void awaitFile(Path path) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (!Files.exists(path)) {
            assertThat(System.nanoTime()).as(path + " appears").isLessThan(end);
            Thread.sleep(100);
        }
    }
}
