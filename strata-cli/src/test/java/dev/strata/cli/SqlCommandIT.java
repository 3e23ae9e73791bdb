package dev.strata.cli;

import static dev.strata.cli.RunCommandIT.strata;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.cli.RunCommandIT.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code strata sql} with a query Spark refuses: a located message, a hint, exit 2 and no stack trace. */
class SqlCommandIT {
    @TempDir
    static Path work;

    private static String pipeline;

    @BeforeAll
    static void copyExample() throws IOException {
        Path file = work.resolve("pipeline.yaml");
        Files.copy(Path.of("..", "examples", "retail", "pipeline.yaml"), file);
        pipeline = file.toString();
    }

    private static Outcome sql(String query) {
        return strata("sql", pipeline, "--master", "local[1]", query);
    }

    @Test
    void aSyntaxErrorIsLocatedAndMarked() {
        Outcome sql = sql("SELECT * FORM silver.orders");

        assertThat(sql.exitCode()).isEqualTo(2);
        assertThat(sql.out()).isEmpty();
        assertThat(sql.err())
                .contains("strata: Cannot run query: line 1, column 15: [PARSE_SYNTAX_ERROR] Syntax error at or near"
                        + " 'silver'. (check the Spark SQL syntax at the mark below)\n"
                        + "  SELECT * FORM silver.orders\n"
                        + "                ^\n")
                .doesNotContain("unexpected error")
                .doesNotContain("\tat ");
    }

    @Test
    void aMisspeltTableGetsTheClosestName() {
        Outcome sql = sql("SELECT order_id\nFROM silver.ordrs");

        assertThat(sql.exitCode()).isEqualTo(2);
        assertThat(sql.err())
                .contains("strata: Cannot run query: line 2, column 6: [TABLE_OR_VIEW_NOT_FOUND] The table or view"
                        + " `silver`.`ordrs` cannot be found.")
                .contains("(did you mean silver.orders?)\n  FROM silver.ordrs\n       ^\n")
                .doesNotContain("unexpected error")
                .doesNotContain("\tat ");
    }

    @Test
    void aTableNotYetWrittenSaysToRunThePipeline() {
        Outcome sql = sql("SELECT * FROM gold.daily_revenue");

        assertThat(sql.exitCode()).isEqualTo(2);
        assertThat(sql.err())
                .contains("strata: Cannot run query: line 1, column 15: [TABLE_OR_VIEW_NOT_FOUND]")
                .contains("(gold.daily_revenue has no table yet: run `strata run` first to create it)")
                .doesNotContain("\tat ");
    }
}
