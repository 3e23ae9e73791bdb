package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.validate.PipelineLoader;
import dev.strata.engine.SharedSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code strata shell} over a tiny pipeline: a real {@code bin/strata shell} fed statements on standard input, which
 * writes {@code bronze.orders} (three rows) where the pipeline keeps it and then queries it; then completion from the
 * tests' SparkSession over that table.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShellIT {
    @TempDir
    static Path work;

    private static Path file;

    @BeforeAll
    static void tinyPipeline() throws IOException {
        file = work.resolve("pipeline.yaml");
        Files.writeString(file, """
                name: tiny
                storage: {root: ./lakehouse}
                sources:
                  orders: {format: csv, path: data/orders/, options: {header: "true"}, schema: "order_id INT, email STRING, amount DOUBLE"}
                datasets:
                  bronze.orders: {from: orders}
                  silver.orders: {from: bronze.orders}
                """, StandardCharsets.UTF_8);
    }

    @AfterAll
    static void forgetTheTable() {
        SharedSpark.session().sql("DROP TABLE IF EXISTS bronze.orders");
    }

    @Test
    @Order(1)
    void runsTheStatementsOfStandardInputAndGoesOnAfterAFailure() throws Exception {
        String table = "delta.`" + work.resolve("lakehouse/bronze/orders") + "`";
        Path statements = work.resolve("statements.sql");
        Files.writeString(statements, """
                .tables
                CREATE TABLE %s (order_id INT, email STRING, amount DOUBLE) USING delta;
                INSERT INTO %s VALUES (1, 'a@x.io', 10.5), (2, 'b@y.io', 20.25), (3, NULL, -1.0);
                -- two rows, over three lines
                SELECT order_id, email
                  FROM bronze.orders
                 WHERE amount > 0 ORDER BY order_id;
                .format csv
                SELECT count(*) AS n, 'a;b' AS s FROM bronze.orders; SELECT * FROM bronze.ordrs;
                .tabels
                .tables
                \\d bronze.orders
                SELECT email FROM bronze.orders WHERE order_id = 2
                """.formatted(table, table), StandardCharsets.UTF_8);

        StrataProcess shell =
                StrataProcess.startWithInput(statements, Map.of(), "shell", file.toString(), "--master", "local[1]");
        StrataProcess.Outcome outcome;
        try {
            outcome = shell.await();
        } finally {
            shell.destroy();
        }

        assertThat(outcome.out()).isEqualTo("""
                table                     | format | built
                --------------------------+--------+------
                bronze.orders             | delta  | no\s\s\s
                bronze.orders__quarantine | delta  | no\s\s\s
                silver.orders             | delta  | no\s\s\s
                silver.orders__quarantine | delta  | no\s\s\s
                (4 rows)

                order_id | email\s
                ---------+-------
                1        | a@x.io
                2        | b@y.io
                (2 rows)

                n,s
                3,a;b
                table,format,built
                bronze.orders,delta,yes
                bronze.orders__quarantine,delta,no
                silver.orders,delta,no
                silver.orders__quarantine,delta,no
                col_name,data_type,comment
                order_id,int,
                email,string,
                amount,double,
                email
                b@y.io
                """);
        assertThat(outcome.err())
                .contains("strata: Cannot run query: line 1, column 15: [TABLE_OR_VIEW_NOT_FOUND] The table or view"
                        + " `bronze`.`ordrs` cannot be found.")
                .contains("(did you mean bronze.orders?)\n  SELECT * FROM bronze.ordrs\n                ^\n")
                .contains("strata: Cannot run .tabels: there is no such command (did you mean .tables? .help lists"
                        + " them)\n")
                .doesNotContain("\tat ");
        assertThat(outcome.exitCode()).as("a statement failed").isEqualTo(1);
    }

    @Test
    @Order(2)
    void completesNamesFromTheSessionsCatalogAndTheTablesSchemas() {
        QuerySession queries = QuerySession.open(PipelineLoader.load(file), SharedSpark.session(), "default", () -> {});
        SqlCompleter completer = new SqlCompleter(new SparkSqlNames(queries));

        assertThat(completer.candidates("SELECT * FROM bronze.", "bronze."))
                .as("built tables only")
                .containsExactly("bronze.orders");
        assertThat(completer.candidates("SELECT ord FROM bronze.orders", "ord")).containsExactly("order_id", "order");
        assertThat(completer.candidates("SELECT o.em FROM bronze.orders AS o", "o.em"))
                .containsExactly("o.email");
        assertThat(completer.candidates("SEL", "SEL")).containsExactly("SELECT");
        assertThat(completer.candidates("SELECT date_tr", "date_tr")).containsExactly("date_trunc");
    }
}
