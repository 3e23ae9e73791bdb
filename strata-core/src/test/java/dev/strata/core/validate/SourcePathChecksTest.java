package dev.strata.core.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.spec.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Missing and empty local source paths warn at their field; object stores are left to the run. */
class SourcePathChecksTest {
    @TempDir
    Path dir;

    @Test
    void warnsOfAMissingPathAndAFolderWithoutDataFiles() throws IOException {
        Files.createDirectories(dir.resolve("data/customers/.staging"));
        Files.writeString(dir.resolve("data/customers/_SUCCESS"), "");
        Files.writeString(dir.resolve("data/customers/.staging/part-0.json"), "{}");

        List<String> warnings = warnings("""
                name: shop
                sources:
                  orders_raw: {format: csv, path: data/orders/}
                  customers_raw: {format: json, path: data/customers/}
                datasets:
                  bronze.orders: {from: orders_raw}
                  bronze.customers: {from: customers_raw}
                  silver.customers: {from: customers_raw}
                """);

        assertThat(warnings)
                .containsExactly(
                        "pipeline.yaml:3:35: warning: sources.orders_raw.path: source path "
                                + dir.resolve("data/orders")
                                + " does not exist (create it, or correct the path (relative paths resolve against the"
                                + " pipeline file's folder); until then bronze.orders reads nothing)",
                        "pipeline.yaml:4:39: warning: sources.customers_raw.path: source folder "
                                + dir.resolve("data/customers") + " holds no data file (put the json files there, or"
                                + " correct the path; until then bronze.customers and silver.customers read nothing)");
    }

    @Test
    void warnsOfAGlobWhoseFolderIsMissing() throws IOException {
        List<String> warnings = warnings("""
                name: shop
                sources:
                  orders_raw: {format: csv, path: "landing/2026-*/orders.csv"}
                datasets:
                  bronze.orders: {from: orders_raw}
                """);

        assertThat(warnings)
                .containsExactly("pipeline.yaml:3:35: warning: sources.orders_raw.path: source path "
                        + dir.resolve("landing/2026-*/orders.csv") + ": its folder " + dir.resolve("landing")
                        + " does not exist (create it, or correct the path (relative paths resolve against the"
                        + " pipeline file's folder); until then bronze.orders reads nothing)");
    }

    @Test
    void acceptsFilesFoldersAndTablesThatExistAndLeavesObjectStoresToTheRun() throws IOException {
        Files.createDirectories(dir.resolve("data/orders/day=1"));
        Files.writeString(dir.resolve("data/orders/day=1/orders.csv"), "id\n1\n");
        Files.createDirectories(dir.resolve("tables/customers"));

        List<String> warnings = warnings("""
                name: shop
                sources:
                  orders_raw: {format: csv, path: "file:%s"}
                  one_file: {format: csv, path: data/orders/day=1/orders.csv}
                  customers: {format: delta, path: tables/customers}
                  remote: {format: parquet, path: "s3a://no-such-bucket/orders/"}
                  events: {format: kafka, topic: orders}
                datasets:
                  bronze.orders: {from: orders_raw}
                  bronze.one: {from: one_file}
                  bronze.customers: {from: customers}
                  bronze.remote: {from: remote}
                  bronze.events: {from: events}
                """.formatted(dir.resolve("data/orders")));

        assertThat(warnings).isEmpty();
    }

    private List<String> warnings(String yaml) throws IOException {
        Path file = dir.resolve("pipeline.yaml");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return SourcePathChecks.check(PipelineLoader.load(file)).stream()
                .map(Problem::toString)
                .map(line -> line.replace(file.toString(), "pipeline.yaml"))
                .toList();
    }
}
