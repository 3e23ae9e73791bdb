package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code strata check} on a Delta and an Iceberg table with known defects: 10 rows, 2 without a customer, 1 negative
 * amount, id 9 twice, qty 1..5. The tables are built by a run whose rules all pass; the checks then bring stricter
 * rules, as a user adds rules to an existing table.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CheckCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEADER = """
            name: shop
            storage: {root: ./lakehouse}
            sources:
              orders_raw:
                format: csv
                path: data/
                options: {header: "true"}
                schema: "id INT, customer STRING, amount DECIMAL(10,2), qty INT"
            datasets:
            """;
    /** Rules statistics answer: counts, NULL counts, integer bounds. max(qty) fails the check (5 > 4). */
    private static final String STATISTICS_RULES = """
                  - {rule: row_count, min: 1}
                  - {rule: not_null, column: customer, on_fail: quarantine}
                  - {rule: completeness, column: customer, min: 0.9}
                  - {rule: min, column: qty, min: 1}
                  - {rule: between, column: qty, min: 1, max: 5, on_fail: drop}
                  - {rule: max, column: qty, max: 4, on_fail: fail}
            """;
    /** Rules only the rows answer: a bound statistics cannot prove, and a grouping. */
    private static final String SCAN_RULES = """
                  - {rule: between, column: amount, min: 0}
                  - {rule: unique, column: id}
            """;

    @TempDir
    static Path work;

    private static Path pipeline;

    @BeforeAll
    static void buildTables() throws IOException {
        Files.createDirectories(work.resolve("data"));
        Files.writeString(work.resolve("data/orders.csv"), """
                id,customer,amount,qty
                1,ann,10.50,1
                2,bob,20.00,2
                3,,30.00,3
                4,cat,-5.00,4
                5,dan,50.00,5
                6,,60.00,1
                7,eve,70.00,2
                8,fay,80.00,3
                9,gus,90.00,4
                9,gus,90.00,4
                """, StandardCharsets.UTF_8);
        pipeline = work.resolve("pipeline.yaml");
        writePipeline("    expect: [{rule: row_count, min: 1}]\n");
        Invocation run = Invocation.strata("run", pipeline.toString(), "--master", "local[2]", "--no-progress");
        assertThat(run.exitCode()).as(run.all()).isZero();
    }

    private static void writePipeline(String rules) throws IOException {
        Files.writeString(
                pipeline,
                HEADER + "  bronze.orders:\n    from: orders_raw\n" + rules
                        + "  bronze.orders_ice:\n    from: orders_raw\n    write: {format: iceberg}\n" + rules,
                StandardCharsets.UTF_8);
    }

    @Test
    @Order(1)
    void judgesEveryRuleAndFailsOnAFailRule() throws IOException {
        writePipeline("    expect:\n" + STATISTICS_RULES + SCAN_RULES);

        Invocation table =
                Invocation.strata("check", pipeline.toString(), "--dataset", "bronze.orders", "--master", "local[2]");

        assertThat(table.exitCode()).as(table.all()).isEqualTo(1);
        assertThat(table.out())
                .contains("bronze.orders    10  3/8 passed  6/8 rules        yes")
                .contains("  warn bronze.orders  not_null(customer): 2 of 10 rows broke it (80.0% passed, needs 100%)")
                .contains("  FAIL bronze.orders  max(qty)")
                .contains("  warn bronze.orders  between(amount): 1 of 10 rows broke it")
                .contains("  warn bronze.orders  unique(id): 2 of 10 rows broke it");

        Invocation json = Invocation.strata(
                "check",
                pipeline.toString(),
                "--only",
                "bronze.orders_ice",
                "--format",
                "json",
                "--master",
                "local[2]");

        assertThat(json.exitCode()).as(json.all()).isEqualTo(1);
        JsonNode ice = JSON.readTree(json.out()).get("datasets").get(0);
        assertThat(ice.get("dataset").asText()).isEqualTo("bronze.orders_ice");
        assertThat(ice.get("rows").asLong()).isEqualTo(10);
        assertThat(ice.get("statistics_read").asBoolean()).isTrue();
        assertThat(verdicts(ice))
                .containsExactly(
                        Map.entry("row_count", "PASSED 0 statistics"),
                        Map.entry("not_null(customer)", "WARNED 2 statistics"),
                        Map.entry("completeness(customer)", "WARNED 1 statistics"),
                        Map.entry("min(qty)", "PASSED 0 statistics"),
                        Map.entry("between(qty)", "PASSED 0 statistics"),
                        Map.entry("max(qty)", "FAILED 1 statistics"),
                        Map.entry("between(amount)", "WARNED 1 scan"),
                        Map.entry("unique(id)", "WARNED 2 scan"));
        assertThat(ice.get("rules").get(2).get("value").asDouble()).isEqualTo(0.8);
        assertThat(ice.get("rules").get(5).get("value").asDouble()).isEqualTo(5.0);
    }

    @Test
    @Order(2)
    void answersFromStatisticsAloneWithoutReadingADataFile() throws IOException {
        writePipeline("    expect:\n" + STATISTICS_RULES);
        // Without data files only the tables' metadata is left: a check that read a row would fail to find it.
        List<Path> data;
        try (Stream<Path> files = Files.walk(work.resolve("lakehouse"))) {
            data = files.filter(f -> f.toString().endsWith(".parquet"))
                    .filter(f -> !f.toString().contains("_delta_log"))
                    .toList();
        }
        assertThat(data).hasSizeGreaterThanOrEqualTo(2);
        for (Path file : data) {
            Files.delete(file);
        }

        Invocation check = Invocation.strata("check", pipeline.toString(), "--format", "json", "--master", "local[2]");

        assertThat(check.exitCode()).as(check.all()).isEqualTo(1);
        JsonNode datasets = JSON.readTree(check.out()).get("datasets");
        assertThat(datasets).hasSize(2);
        for (JsonNode dataset : datasets) {
            assertThat(dataset.get("rows").asLong()).isEqualTo(10);
            assertThat(dataset.get("scanned").asBoolean()).isFalse();
            assertThat(verdicts(dataset))
                    .containsExactly(
                            Map.entry("row_count", "PASSED 0 statistics"),
                            Map.entry("not_null(customer)", "WARNED 2 statistics"),
                            Map.entry("completeness(customer)", "WARNED 1 statistics"),
                            Map.entry("min(qty)", "PASSED 0 statistics"),
                            Map.entry("between(qty)", "PASSED 0 statistics"),
                            Map.entry("max(qty)", "FAILED 1 statistics"));
        }
    }

    @Test
    void refusesAnUnknownDatasetAndATableNotBuiltYet() throws IOException {
        Invocation unknown = Invocation.strata("check", pipeline.toString(), "--dataset", "bronze.order");

        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err())
                .isEqualTo("strata: --dataset: bronze.order is not a dataset of pipeline.yaml (did you mean"
                        + " bronze.orders?); datasets: bronze.orders, bronze.orders_ice\n");

        Path other = work.resolve("unbuilt.yaml");
        Files.writeString(
                other,
                HEADER.replace("./lakehouse", "./nothing")
                        + "  bronze.orders:\n    from: orders_raw\n    expect: [{rule: row_count, min: 1}]\n",
                StandardCharsets.UTF_8);
        Invocation notBuilt = Invocation.strata("check", other.toString(), "--master", "local[1]");

        assertThat(notBuilt.exitCode()).isEqualTo(2);
        assertThat(notBuilt.err())
                .isEqualTo("strata: Cannot check bronze.orders: its table does not exist yet at "
                        + work.toAbsolutePath().normalize().resolve("nothing/bronze/orders")
                        + " (build it first: strata run unbuilt.yaml --only +bronze.orders)\n");
    }

    /** Per rule: its status, failing rows, and what answered it. */
    private static Map<String, String> verdicts(JsonNode dataset) {
        Map<String, String> verdicts = new LinkedHashMap<>();
        dataset.get("rules")
                .forEach(r -> verdicts.put(
                        r.get("name").asText(),
                        r.get("status").asText() + " " + r.get("failed").asLong() + " "
                                + r.get("answered_by").asText()));
        return verdicts;
    }
}
