package dev.strata.core.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.spec.AllowedRoots;
import dev.strata.core.spec.PipelineValidationException;
import dev.strata.core.spec.Variables;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code ${run.logical_time}} and {@code ${run.logical_date}}: the run's logical time, or its start. */
class RunVariablesTest {
    private static final String FILE = """
            name: shop
            %s
            sources:
              orders: {path: "in/${run.logical_date}/orders.csv", format: csv}
            datasets:
              bronze.orders: {from: orders}
              silver.stamped: {sql: "SELECT '${run.logical_time}' AS logical_time FROM bronze.orders"}
            """;

    private static Map<String, String> load(String schedule, Variables variables) {
        var spec = PipelineLoader.parse(
                        FILE.formatted(schedule), Path.of("/p/pipeline.yaml"), variables, AllowedRoots.any())
                .spec();
        return Map.of(
                "path", spec.sources().get("orders").path(),
                "sql", spec.datasets().get("silver.stamped").sql());
    }

    @Test
    void theGivenLogicalTimeFillsInBothVariables() {
        Instant fire = Instant.parse("2026-03-01T23:30:00Z");
        Map<String, String> loaded = load("", Variables.environment(Map.of()).withLogicalTime(fire));
        assertThat(loaded.get("path")).isEqualTo("/p/in/2026-03-01/orders.csv");
        assertThat(loaded.get("sql")).isEqualTo("SELECT '2026-03-01T23:30:00Z' AS logical_time FROM bronze.orders");
    }

    @Test
    void theLogicalDateIsTheDateInTheSchedulesTimeZone() {
        Instant fire = Instant.parse("2026-03-01T23:30:00Z");
        Map<String, String> loaded = load(
                "schedule: {cron: \"30 0 * * *\", timezone: Europe/Berlin}",
                Variables.restricted(Map.of(), Map.of()).withLogicalTime(fire));
        assertThat(loaded.get("path")).isEqualTo("/p/in/2026-03-02/orders.csv");
        assertThat(loaded.get("sql")).contains("'2026-03-01T23:30:00Z'");
    }

    @Test
    void withoutALogicalTimeTheRunIsForItsStart() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Map<String, String> loaded = load("", Variables.environment(Map.of()));
        Instant after = Instant.now();
        String sql = loaded.get("sql");
        Instant stamped = Instant.parse(sql.substring(sql.indexOf('\'') + 1, sql.lastIndexOf('\'')));
        assertThat(stamped).isBetween(before, after);
        assertThat(loaded.get("path"))
                .isEqualTo("/p/in/" + LocalDate.ofInstant(stamped, ZoneOffset.UTC) + "/orders.csv");
    }

    @Test
    void aFileCheckedWithoutValuesKeepsThemAsWritten() {
        Map<String, String> loaded = load("", Variables.unresolved());
        assertThat(loaded.get("path")).isEqualTo("/p/in/${run.logical_date}/orders.csv");
    }

    @Test
    void anUnknownRunVariableIsAnError() {
        assertThatThrownBy(() -> PipelineLoader.parse(
                        "name: shop\ndatasets: {}\ntimeout: \"${run.logical_tme}\"\n",
                        Path.of("pipeline.yaml"),
                        Variables.unresolved(),
                        AllowedRoots.any()))
                .isInstanceOf(PipelineValidationException.class)
                .hasMessage("pipeline.yaml:3:10: timeout: unknown run variable ${run.logical_tme} (did you mean"
                        + " run.logical_time? the run's variables are ${run.logical_time} and ${run.logical_date})");
    }
}
