package dev.strata.cli;

import static dev.strata.cli.Invocation.strata;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code strata validate}: every problem on its own located line, one exit code, no stack trace. */
class ValidateCommandTest {
    /** The retail example, relative to this module (the tests' working directory). */
    private static final String RETAIL = "../examples/retail/pipeline.yaml";

    @TempDir
    Path dir;

    @Test
    void acceptsTheRetailExample() {
        Invocation validate = strata("validate", RETAIL);

        assertThat(validate.exitCode()).as(validate.err()).isZero();
        assertThat(validate.out().lines()).containsExactly(RETAIL + ": valid (pipeline retail: 6 datasets, 2 sources)");
        assertThat(validate.err()).isEmpty();
    }

    @Test
    void reportsEveryProblemWithItsLocationThenFailsOnce() throws IOException {
        String file = write("broken.yaml", """
                name: broken
                storage: {root: ./lakehouse}
                sources:
                  orders_raw: {format: csv, path: data/orders/}
                datasets:
                  bronze.orders:
                    from: orders_raw
                    write: {mode: append, partiton_by: [order_date]}
                  silver.orders:
                    from: bronze.order
                    expect:
                      - {rule: regex, column: email, pattern: '^[a-z+$', on_fail: quarantine}
                    write: {mode: upsert, keys: [order_id]}
                """);

        Invocation validate = strata("validate", file);

        assertThat(validate.exitCode()).isEqualTo(2);
        assertThat(validate.out()).isEmpty();
        assertThat(validate.err().lines())
                .containsExactly(
                        file + ":8:27: datasets.bronze.orders.write.partiton_by: unknown key 'partiton_by'"
                                + " (did you mean 'partition_by'?)",
                        file + ":10:11: datasets.silver.orders.from: 'bronze.order' is not a source or dataset"
                                + " (did you mean 'bronze.orders'?)",
                        file + ":12:47: datasets.silver.orders.expect[0].pattern: invalid regular expression:"
                                + " Unclosed character class near index 6"
                                + " (patterns use Java regex syntax; quote them with '…' in YAML)",
                        file + ":13:19: datasets.silver.orders.write.mode: unknown write mode 'upsert'"
                                + " (expected append | overwrite | merge | scd2 | delete; did you mean 'merge'?)",
                        "4 problem(s) found.");
        assertNoStackTrace(validate);
    }

    @Test
    void refusesTheSameRuleTwiceAndKeepsRulesThatDiffer() throws IOException {
        String file = write("twice.yaml", """
                name: twice
                datasets:
                  silver.orders:
                    sql: SELECT 1 AS id, 'x' AS email
                    expect:
                      - {rule: completeness, column: email, min: 0.9}
                      - {rule: completeness, column: email, min: 0.9, where: "id > 0"}
                      - {rule: completeness, column: email, min: 0.9}
                """);

        Invocation validate = strata("validate", file);

        assertThat(validate.exitCode()).isEqualTo(2);
        assertThat(validate.err().lines())
                .containsExactly(
                        file + ":8:9: datasets.silver.orders.expect[2]: rule completeness(email) [min: 0.9] repeats"
                                + " expect[0] (remove one of them; two rules that differ in a parameter (where, min,"
                                + " ...) are both kept)",
                        "1 problem(s) found.");
        assertNoStackTrace(validate);
    }

    @Test
    void locatesAYamlSyntaxError() throws IOException {
        String file = write("syntax.yaml", """
                name: broken
                datasets:
                  bronze.orders:
                    from: orders_raw
                   write: {mode: append}
                """);

        Invocation validate = strata("validate", file);

        assertThat(validate.exitCode()).isEqualTo(2);
        assertThat(validate.err().lines())
                .containsExactly(
                        file + ":5:4: invalid YAML: this key lines up with no key above it"
                                + " (indentation: indent it like 'from' (line 4, column 5)"
                                + " or like 'bronze.orders' (line 3, column 3))",
                        "1 problem(s) found.");
        assertNoStackTrace(validate);
    }

    @Test
    void warnsOfASourceFolderThatIsMissingOrEmptyButPasses() throws IOException {
        Files.createDirectories(dir.resolve("data/customers"));
        Files.writeString(dir.resolve("data/customers/_SUCCESS"), "");
        String file = write("sources.yaml", """
                name: shop
                sources:
                  orders_raw: {format: csv, path: data/orders/}
                  customers_raw: {format: json, path: data/customers/}
                datasets:
                  bronze.orders: {from: orders_raw}
                  bronze.customers: {from: customers_raw}
                """);

        Invocation validate = strata("validate", file);

        assertThat(validate.exitCode()).as(validate.err()).isZero();
        assertThat(validate.err().lines())
                .containsExactly(
                        file + ":3:35: warning: sources.orders_raw.path: source path " + dir.resolve("data/orders")
                                + " does not exist (create it, or correct the path (relative paths resolve against"
                                + " the pipeline file's folder); until then bronze.orders reads nothing)",
                        file + ":4:39: warning: sources.customers_raw.path: source folder "
                                + dir.resolve("data/customers") + " holds no data file (put the json files there,"
                                + " or correct the path; until then bronze.customers reads nothing)");
        assertThat(validate.out().lines()).containsExactly(file + ": valid (pipeline shop: 2 datasets, 2 sources)");
    }

    @Test
    void saysAMissingFileCannotBeRead() {
        String file = dir.resolve("missing.yaml").toString();

        Invocation validate = strata("validate", file);

        assertThat(validate.exitCode()).isEqualTo(2);
        assertThat(validate.err().lines())
                .containsExactly(
                        file + ":1:1: Cannot read pipeline file: no such file (check the path)", "1 problem(s) found.");
        assertNoStackTrace(validate);
    }

    @Test
    void rejectsAMissingFileArgumentWithTheUsage() {
        Invocation validate = strata("validate");

        assertThat(validate.exitCode()).isEqualTo(2);
        assertThat(validate.err())
                .contains("strata: Missing required parameter: 'FILE'")
                .contains("(see: strata validate --help)");
    }

    private String write(String name, String yaml) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return file.toString();
    }

    private static void assertNoStackTrace(Invocation invocation) {
        assertThat(invocation.all())
                .as("what a user sees without --debug")
                .doesNotContain("\tat ")
                .doesNotContain("Exception");
    }
}
