package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.validate.PipelineLoader;
import dev.strata.engine.SharedSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code strata shell} over a tiny pipeline whose {@code bronze.orders} is a three-row Delta table: completion from the
 * tests' SparkSession, and a real {@code bin/strata shell} fed statements on standard input.
 */
class ShellIT {
    @TempDir
    static Path work;

    private static Path file;

    @BeforeAll
    static void tinyPipelineWithOneTableBuilt() throws IOException {
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
        SparkSession spark = SharedSpark.session();
        List<Row> rows = List.of(
                RowFactory.create(1, "a@x.io", 10.5),
                RowFactory.create(2, "b@y.io", 20.25),
                RowFactory.create(3, null, -1.0));
        spark.createDataFrame(rows, StructType.fromDDL("order_id INT, email STRING, amount DOUBLE"))
                .write()
                .format("delta")
                .save(work.resolve("lakehouse/bronze/orders").toString());
    }

    @AfterAll
    static void forgetTheTable() {
        SharedSpark.session().sql("DROP TABLE IF EXISTS bronze.orders");
    }

    @Test
    void completesNamesFromTheSessionsCatalogAndTheTablesSchemas() {
        QuerySession queries = QuerySession.open(PipelineLoader.load(file), SharedSpark.session(), "default");
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

    @Test
    void runsTheStatementsOfStandardInputAndGoesOnAfterAFailure() throws Exception {
        Path statements = work.resolve("statements.sql");
        Files.writeString(statements, """
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
                """, StandardCharsets.UTF_8);

        StrataProcess shell =
                StrataProcess.start(Map.of(), statements, "shell", file.toString(), "--master", "local[1]");
        StrataProcess.Outcome outcome;
        try {
            outcome = shell.await();
        } finally {
            shell.destroy();
        }

        assertThat(outcome.out()).isEqualTo("""
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
}
