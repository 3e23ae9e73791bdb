package dev.strata.cli;

import static dev.strata.cli.RunCommandIT.strata;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.cli.RunCommandIT.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code strata compile --explain} on the retail example before any run: the source-reading dataset gets Spark's
 * plan over its files, the datasets that read unbuilt tables say so.
 */
class CompileExplainIT {
    @TempDir
    Path work;

    @Test
    void explainsWhatCanBeReadAndNamesTheTablesToBuildFirst() throws IOException {
        Path example = Path.of("..", "examples", "retail");
        TestFiles.copyTree(example.resolve("data"), work.resolve("data"));
        Path pipeline = Files.copy(example.resolve("pipeline.yaml"), work.resolve("pipeline.yaml"));

        Outcome compile = strata(
                "compile",
                pipeline.toString(),
                "--explain",
                "--master",
                "local[1]",
                "--only",
                "bronze.orders, silver.orders, gold.daily_revenue");

        assertThat(compile.exitCode()).as(compile.err()).isZero();
        String out = compile.out();
        String bronze = out.substring(0, out.indexOf("-- silver.orders:"));
        assertThat(bronze)
                .startsWith("-- bronze.orders: append into delta, each row with its batch's _run_id\n")
                .contains("== Physical Plan ==")
                .contains("FileScan csv")
                .contains("order_id")
                .endsWith("\n\n")
                .doesNotContain("\n\n\n");
        assertThat(out.substring(out.indexOf("-- silver.orders:"), out.indexOf("-- gold.daily_revenue:")))
                .endsWith("CAST(ordered_at AS DATE) AS `order_date`\n"
                        + "-- no plan: it reads bronze.orders, not built yet (build it first: strata run FILE --only"
                        + " bronze.orders)\n\n");
        assertThat(out.substring(out.indexOf("-- gold.daily_revenue:")))
                .endsWith("-- no plan: it reads silver.orders, not built yet (build it first: strata run FILE --only"
                        + " silver.orders)\n\n");
        assertThat(Files.exists(work.resolve("lakehouse")))
                .as("nothing written")
                .isFalse();
    }
}
