package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.ledger.LedgerEntry;
import dev.strata.engine.ledger.FileLedger;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dataset retries and {@code strata run --resume}, on real Spark with tiny CSVs: a source folder that appears between
 * two attempts, a rule with {@code on_fail: fail} that is not retried, and a run resumed after its failed source was
 * made readable, which builds only that dataset and its downstream, with the original run's parameters.
 */
class ResumeAndRetryIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;

    /** What one CLI invocation printed and returned. */
    record Outcome(int exitCode, String out, String err) {}

    /** An invocation running in the background, whose output can be read while it runs. */
    record Running(CompletableFuture<Integer> exit, StringWriter out, StringWriter err) {
        Outcome await() throws Exception {
            int code = exit.get(5, TimeUnit.MINUTES);
            return new Outcome(code, out.toString(), err.toString());
        }
    }

    static Running start(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> StrataCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args));
        return new Running(exit, out, err);
    }

    static Outcome strata(String... args) throws Exception {
        return start(args).await();
    }

    @Test
    void aSourceThatAppearsBetweenAttemptsSucceedsOnTheSecondAndAFailRuleIsNotRetried() throws Exception {
        Path file = work.resolve("retrying.yaml");
        Files.writeString(file, """
                name: retrying
                storage: {root: ./retrying-lake}
                defaults: {retries: 2, retry_backoff: 4s}
                sources:
                  late: {format: csv, path: data/late/, options: {header: "true"}, schema: "id INT, name STRING"}
                  strict: {format: csv, path: data/strict/, options: {header: "true"}, schema: "id INT, name STRING"}
                datasets:
                  bronze.late: {from: late}
                  bronze.strict:
                    from: strict
                    retries: 3
                    expect: [{rule: row_count, min: 100, on_fail: fail}]
                """, StandardCharsets.UTF_8);
        csv(work.resolve("data/strict/s.csv"), "id,name\n1,a\n2,b\n");
        Path summary = work.resolve("retrying.json");

        Running run = start(
                "run",
                file.toString(),
                "--master",
                "local[1]",
                "--run-id",
                "retry-1",
                "--summary-json",
                summary.toString(),
                "--no-progress");
        awaitOutput(run, "bronze.late: attempt 1 of 3 failed");
        // The folder appears whole (renamed into place), so no attempt can see it empty.
        csv(work.resolve("data/late-incoming/l.csv"), "id,name\n1,x\n2,y\n3,z\n");
        Files.move(work.resolve("data/late-incoming"), work.resolve("data/late"), StandardCopyOption.ATOMIC_MOVE);
        Outcome outcome = run.await();

        assertThat(outcome.exitCode()).as(outcome.out() + outcome.err()).isEqualTo(1);
        assertThat(outcome.out())
                .contains("note: bronze.late: attempt 1 of 3 failed (Cannot read source path ")
                .contains("trying again in 4s")
                .containsPattern(
                        "info bronze\\.late  2 attempts; retried after: Cannot read source path .*does not exist")
                .doesNotContain("bronze.strict: attempt");
        JsonNode late = dataset(JSON.readTree(summary.toFile()), "bronze.late");
        assertThat(late.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(late.get("attempts").asInt()).isEqualTo(2);
        assertThat(late.get("failed_attempts")).hasSize(1);
        assertThat(late.get("failed_attempts").get(0).asText())
                .startsWith("Cannot read source path ")
                .contains("it does not exist");
        assertThat(late.get("rows_written").asLong()).isEqualTo(3);
        JsonNode strict = dataset(JSON.readTree(summary.toFile()), "bronze.strict");
        assertThat(strict.get("status").asText()).isEqualTo("FAILED");
        assertThat(strict.get("attempts").asInt())
                .as("a rule with on_fail: fail is never retried")
                .isEqualTo(1);
        assertThat(strict.get("failed_attempts")).isEmpty();
        assertThat(strict.get("message").asText()).contains("row_count");
        List<LedgerEntry> entries = ledger("retrying-lake").entries("bronze.late");
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).rowsWritten()).isEqualTo(3);
        assertThat(entries.get(0).runId()).isEqualTo("retry-1");
    }

    @Test
    void resumeBuildsOnlyTheFailedDatasetAndItsDownstreamWithTheOriginalParameters() throws Exception {
        Path file = work.resolve("resumable.yaml");
        Files.writeString(file, """
                name: resumable
                parameters:
                  MIN_AMOUNT: {type: int, default: 0}
                storage: {root: ./resumable-lake}
                sources:
                  orders: {format: csv, path: data/orders/, options: {header: "true"},
                           schema: "id INT, customer_id INT, amount INT"}
                  customers: {format: csv, path: data/customers/, options: {header: "true"},
                              schema: "customer_id INT, name STRING"}
                datasets:
                  bronze.orders: {from: orders}
                  silver.orders: {from: bronze.orders}
                  bronze.customers: {from: customers}
                  gold.orders_by_customer:
                    sql: |
                      SELECT c.name, count(*) AS orders
                      FROM silver.orders o JOIN bronze.customers c ON o.customer_id = c.customer_id
                      WHERE o.amount >= ${MIN_AMOUNT}
                      GROUP BY c.name
                    write: {mode: overwrite}
                """, StandardCharsets.UTF_8);
        csv(work.resolve("data/orders/o.csv"), "id,customer_id,amount\n1,1,5\n2,1,20\n3,2,30\n4,2,40\n");
        Path first = work.resolve("resume-1.json");

        Outcome failed = strata(
                "run",
                file.toString(),
                "--master",
                "local[1]",
                "--run-id",
                "resume-1",
                "--param",
                "MIN_AMOUNT=10",
                "--summary-json",
                first.toString(),
                "--no-progress");

        assertThat(failed.exitCode()).as(failed.out() + failed.err()).isEqualTo(1);
        assertThat(statuses(JSON.readTree(first.toFile())))
                .containsExactlyInAnyOrder(
                        "bronze.orders SUCCEEDED",
                        "silver.orders SUCCEEDED",
                        "bronze.customers FAILED",
                        "gold.orders_by_customer UPSTREAM_FAILED");
        List<LedgerEntry> bronzeBefore = ledger("resumable-lake").entries("bronze.orders");
        List<LedgerEntry> silverBefore = ledger("resumable-lake").entries("silver.orders");
        List<String> silverCommitsBefore = deltaCommits("resumable-lake/silver/orders");

        csv(work.resolve("data/customers/c.csv"), "customer_id,name\n1,alice\n2,bob\n");
        Path second = work.resolve("resume-2.json");
        Outcome resumed = strata(
                "run",
                file.toString(),
                "--master",
                "local[1]",
                "--resume",
                "resume-1",
                "--run-id",
                "resume-2",
                "--summary-json",
                second.toString(),
                "--no-progress");

        assertThat(resumed.exitCode()).as(resumed.out() + resumed.err()).isZero();
        assertThat(resumed.out())
                .contains("Running resumable (run resume-2, resuming run resume-1)")
                .contains("note: with the parameters of run resume-1: {MIN_AMOUNT=10}")
                .contains("note: resuming bronze.customers gold.orders_by_customer");
        JsonNode record = JSON.readTree(second.toFile());
        assertThat(statuses(record))
                .as("only the failed dataset and its downstream")
                .containsExactly("bronze.customers SUCCEEDED", "gold.orders_by_customer SUCCEEDED");
        assertThat(dataset(record, "bronze.customers").get("rows_written").asLong())
                .isEqualTo(2);
        assertThat(dataset(record, "gold.orders_by_customer")
                        .get("rows_written")
                        .asLong())
                .isEqualTo(2);
        assertThat(record.get("resumed_from").asText()).isEqualTo("resume-1");
        assertThat(record.get("parameters").get("MIN_AMOUNT").asText()).isEqualTo("10");
        assertThat(record.get("logical_time").asText())
                .as("the original run's logical time (its start, as it was given none)")
                .isEqualTo(JSON.readTree(first.toFile()).get("logical_time").asText());
        assertThat(ledger("resumable-lake").entries("bronze.orders")).isEqualTo(bronzeBefore);
        assertThat(ledger("resumable-lake").entries("silver.orders")).isEqualTo(silverBefore);
        assertThat(deltaCommits("resumable-lake/silver/orders"))
                .as("no new version of a table the original run committed")
                .isEqualTo(silverCommitsBefore);

        Outcome gold = strata(
                "sql",
                file.toString(),
                "--master",
                "local[1]",
                "--format",
                "csv",
                "SELECT name, orders FROM gold.orders_by_customer ORDER BY name");
        assertThat(gold.exitCode()).as(gold.err()).isZero();
        assertThat(gold.out())
                .as("built with MIN_AMOUNT=10 from the original run, not the default 0")
                .isEqualTo("name,orders\nalice,1\nbob,2\n");

        Outcome again = strata("run", file.toString(), "--master", "local[1]", "--resume", "resume-2", "--no-progress");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err())
                .contains("Cannot resume run resume-2: it succeeded with no dataset failed or left unbuilt; nothing"
                        + " to resume");
        Outcome unknown = strata("run", file.toString(), "--master", "local[1]", "--resume", "nope", "--no-progress");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err())
                .contains("Cannot resume run nope: the ledger of ")
                .contains("has no record of it");
        Outcome withOnly = strata("run", file.toString(), "--resume", "resume-1", "--only", "gold.*");
        assertThat(withOnly.exitCode()).isEqualTo(2);
        assertThat(withOnly.err()).contains("Cannot use --only with --resume");
    }

    private static void awaitOutput(Running run, String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!run.out().toString().contains(text)) {
            if (run.exit().isDone() || System.nanoTime() > deadline) {
                throw new AssertionError("never printed '" + text + "':\n" + run.out() + run.err());
            }
            Thread.sleep(50);
        }
    }

    private static FileLedger ledger(String root) {
        return new FileLedger(work.resolve(root).toString(), new Configuration());
    }

    private static List<String> deltaCommits(String table) throws IOException {
        try (Stream<Path> files = Files.list(work.resolve(table).resolve("_delta_log"))) {
            return files.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".json"))
                    .sorted()
                    .toList();
        }
    }

    private static void csv(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static List<String> statuses(JsonNode run) {
        List<String> statuses = new ArrayList<>();
        run.get("datasets")
                .forEach(d -> statuses.add(
                        d.get("dataset").asText() + " " + d.get("status").asText()));
        return statuses;
    }

    private static JsonNode dataset(JsonNode run, String name) {
        for (JsonNode d : run.get("datasets")) {
            if (d.get("dataset").asText().equals(name)) {
                return d;
            }
        }
        throw new AssertionError("no " + name + " in " + run);
    }
}
