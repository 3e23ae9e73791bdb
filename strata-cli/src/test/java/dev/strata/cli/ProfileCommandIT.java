package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code strata profile} on the retail example's orders, as a user types it. */
class ProfileCommandIT {
    private static final Path EXAMPLE = Path.of("..", "examples", "retail");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;

    private static String pipeline;

    @BeforeAll
    static void writePipeline() throws IOException {
        Path orders = EXAMPLE.resolve("data/orders");
        Files.createDirectories(work.resolve("data/orders"));
        try (Stream<Path> files = Files.list(orders)) {
            for (Path file : files.toList()) {
                Files.copy(
                        file,
                        work.resolve("data/orders").resolve(file.getFileName().toString()));
            }
        }
        Path file = work.resolve("pipeline.yaml");
        Files.writeString(file, """
                name: shop
                storage: {root: ./lakehouse}
                sources:
                  orders_raw:
                    format: csv
                    path: data/orders/
                    options: {header: "true"}
                    schema: "order_id STRING, customer_id STRING, amount DECIMAL(12,2), currency STRING, email STRING,\
                 ordered_at TIMESTAMP"
                datasets:
                  bronze.orders: {from: orders_raw}
                  silver.orders: {from: bronze.orders}
                """, StandardCharsets.UTF_8);
        pipeline = file.toString();
    }

    @Test
    void profilesASourceAsTextWithSuggestionsAndAsJson() throws IOException {
        Invocation text =
                Invocation.strata("profile", pipeline, "--dataset", "orders_raw", "--suggest", "--master", "local[2]");

        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out())
                .startsWith("orders_raw: 200 rows, 6 columns (distinct counts are HyperLogLog++ estimates, relative"
                        + " error 2%)\n")
                .contains("""

                        currency  string
                          nulls        0 (0.0%)
                          distinct     ~3
                          min / max    EUR / USD
                          length       3 / 3
                          top values   EUR  76
                                       GBP  65
                                       USD  59
                          patterns     alphabetic 100.0%
                        """)
                .contains("email 97.5%, other 2.5%")
                .contains("\nSuggested rules (they hold on these 200 rows; paste under the dataset's expect:):\n"
                        + "  - rule: row_count\n    min: 1\n")
                .contains("""
                          - rule: in_set
                            column: currency
                            values:
                              - EUR
                              - GBP
                              - USD
                        """);

        Invocation json = Invocation.strata(
                "profile",
                pipeline,
                "--dataset",
                "orders_raw",
                "--format",
                "json",
                "--suggest",
                "--master",
                "local[2]");

        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode profile = JSON.readTree(json.out());
        assertThat(profile.get("rows").asLong()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        profile.get("columns").forEach(c -> names.add(c.get("name").asText()));
        assertThat(names).containsExactly("order_id", "customer_id", "amount", "currency", "email", "ordered_at");
        JsonNode amount = profile.get("columns").get(2);
        assertThat(amount.get("type").asText()).isEqualTo("decimal(12,2)");
        assertThat(amount.get("nulls").asLong()).isEqualTo(3);
        assertThat(amount.get("min").asText()).isEqualTo("-303.80");
        assertThat(amount.get("max").asText()).isEqualTo("496.38");
        JsonNode email = profile.get("columns").get(4);
        assertThat(email.get("patterns").get("email").asLong()).isEqualTo(195);
        assertThat(email.get("patterns").get("other").asLong()).isEqualTo(5);
        assertThat(email.get("high_cardinality").asBoolean()).isFalse();
        JsonNode firstRule = profile.get("suggested_rules").get(0);
        assertThat(firstRule.get("rule").asText()).isEqualTo("row_count");
        assertThat(firstRule.get("min").asInt()).isEqualTo(1);
    }

    @Test
    void refusesAnUnknownDatasetAndATableNotBuiltYet() {
        Invocation unknown = Invocation.strata("profile", pipeline, "--dataset", "silver.order");

        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err())
                .isEqualTo("strata: Cannot profile 'silver.order': no dataset or source of that name (did you mean"
                        + " silver.orders? datasets: bronze.orders, silver.orders; sources: orders_raw)\n");

        Invocation notBuilt =
                Invocation.strata("profile", pipeline, "--dataset", "silver.orders", "--master", "local[1]");

        assertThat(notBuilt.exitCode()).isEqualTo(2);
        assertThat(notBuilt.err())
                .isEqualTo("strata: Cannot profile silver.orders: its table does not exist yet at "
                        + work.toAbsolutePath().normalize().resolve("lakehouse/silver/orders")
                        + " (run the pipeline first, e.g. strata"
                        + " run pipeline.yaml --only +silver.orders)\n");
    }
}
