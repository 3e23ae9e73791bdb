package dev.strata.cli;

import static dev.strata.cli.ServeProcess.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retries and resume through {@code bin/strata serve}, with real child-JVM runs on the machine's PostgreSQL: a dataset
 * whose source is missing is tried twice (its attempts recorded by the run through its token), the run fails, the
 * source is added, and {@code POST /api/v1/runs/{id}/resume} queues a run that builds only that dataset and its
 * downstream, leaving the table the failed run committed at its version.
 */
class ServeResumeIT {
    private static final String PIPELINE = """
            name: resumable
            storage: {root: ./lake, format: delta}
            sources:
              orders: {format: csv, path: data/orders/, options: {header: "true"},
                       schema: "id INT, customer_id INT, amount INT"}
              customers: {format: csv, path: data/customers/, options: {header: "true"},
                          schema: "customer_id INT, name STRING"}
            datasets:
              bronze.orders: {from: orders}
              bronze.customers: {from: customers, retries: 1, retry_backoff: 1s}
              gold.orders_by_customer:
                sql: |
                  SELECT c.name, count(*) AS orders
                  FROM bronze.orders o JOIN bronze.customers c ON o.customer_id = c.customer_id
                  GROUP BY c.name
                write: {mode: overwrite}
            """;

    @TempDir
    static Path work;

    @Test
    void aRetriedDatasetShowsItsAttemptsAndAResumeBuildsOnlyWhatFailed() throws Exception {
        try (ServeProcess serve = ServeProcess.start(work)) {
            Path folder = serve.pipelines.resolve("resumable");
            csv(folder.resolve("data/orders/o.csv"), "id,customer_id,amount\n1,1,5\n2,1,20\n3,2,30\n4,2,40\n");
            HttpResponse<String> registered = serve.call("POST", "/api/v1/pipelines", "application/yaml", PIPELINE);
            assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);

            HttpResponse<String> queued =
                    serve.call("POST", "/api/v1/pipelines/resumable/runs", "application/json", "{}");
            assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
            String failed = json(queued).get("run_id").asText();
            JsonNode first = serve.await(failed, r -> r.get("status").asText().matches("succeeded|failed|cancelled"));

            assertThat(first.get("status").asText())
                    .as(first + "\n" + serve.logs(failed))
                    .isEqualTo("failed");
            assertThat(states(first))
                    .containsExactlyInAnyOrder(
                            "bronze.customers failed 2",
                            "bronze.orders succeeded 1",
                            "gold.orders_by_customer upstream_failed 0");
            JsonNode customers = dataset(first, "bronze.customers");
            assertThat(customers.get("failed_attempts")).hasSize(1);
            assertThat(customers.get("failed_attempts").get(0).asText())
                    .as("the first attempt failed as the second did")
                    .isEqualTo(customers.get("message").asText())
                    .contains("does not exist");
            assertThat(serve.logs(failed)).contains("bronze.customers: attempt 1 of 2 failed");
            List<String> ordersCommits = deltaCommits(folder.resolve("lake/bronze/orders"));

            csv(folder.resolve("data/customers/c.csv"), "customer_id,name\n1,alice\n2,bob\n");
            HttpResponse<String> resumed =
                    serve.call("POST", "/api/v1/runs/" + failed + "/resume", "application/json", null);
            assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(202);
            String resume = json(resumed).get("run_id").asText();
            assertThat(json(resumed).get("resumed_from").asText()).isEqualTo(failed);
            assertThat(json(resumed).get("only").asText()).isEqualTo("bronze.customers gold.orders_by_customer");
            JsonNode second = serve.await(resume, r -> r.get("status").asText().matches("succeeded|failed|cancelled"));

            assertThat(second.get("status").asText())
                    .as(second + "\n" + serve.logs(resume))
                    .isEqualTo("succeeded");
            assertThat(states(second))
                    .as("only the failed dataset and its downstream")
                    .containsExactlyInAnyOrder("bronze.customers succeeded 1", "gold.orders_by_customer succeeded 1");
            assertThat(dataset(second, "bronze.customers").get("written").asLong())
                    .isEqualTo(2);
            assertThat(dataset(second, "gold.orders_by_customer").get("written").asLong())
                    .isEqualTo(2);
            assertThat(deltaCommits(folder.resolve("lake/bronze/orders")))
                    .as("bronze.orders, which the failed run committed, has no new version")
                    .isEqualTo(ordersCommits)
                    .hasSize(1);

            HttpResponse<String> again =
                    serve.call("POST", "/api/v1/runs/" + resume + "/resume", "application/json", null);
            assertThat(again.statusCode()).isEqualTo(409);
        }
    }

    private static List<String> states(JsonNode run) {
        List<String> states = new ArrayList<>();
        for (JsonNode d : run.get("datasets")) {
            states.add(d.get("dataset").asText() + " " + d.get("state").asText() + " "
                    + d.get("attempts").asInt());
        }
        return states;
    }

    private static JsonNode dataset(JsonNode run, String name) {
        for (JsonNode d : run.get("datasets")) {
            if (d.get("dataset").asText().equals(name)) {
                return d;
            }
        }
        throw new AssertionError("no " + name + " in " + run);
    }

    private static List<String> deltaCommits(Path table) throws IOException {
        try (Stream<Path> files = Files.list(table.resolve("_delta_log"))) {
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
}
