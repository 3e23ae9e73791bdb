package dev.strata.core.validate;

import static dev.strata.core.validate.Yaml.parse;
import static dev.strata.core.validate.Yaml.problem;
import static dev.strata.core.validate.Yaml.problems;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.spec.DatasetSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A dataset's {@code description:}, {@code tags:} and {@code columns:} (column descriptions). */
class DatasetNotesTest {

    @Test
    void readsTheDescriptionTagsAndColumnDescriptionsInTheirOrder() {
        DatasetSpec customers = parse("""
                        name: shop
                        sources:
                          raw: {format: json, path: data/}
                        datasets:
                          silver.customers:
                            from: raw
                            description: One row per customer, the latest version.
                            tags: [pii, crm]
                            columns:
                              email: "the customer's address, encrypted"
                              customer_id: the key
                        """).spec().datasets().get("silver.customers");

        assertThat(customers.description()).isEqualTo("One row per customer, the latest version.");
        assertThat(customers.tags()).containsExactly("pii", "crm");
        assertThat(customers.columns())
                .containsExactly(
                        Map.entry("email", "the customer's address, encrypted"), Map.entry("customer_id", "the key"));
    }

    @Test
    void hasNoTagsOrColumnDescriptionsByDefault() {
        DatasetSpec orders = parse("""
                        name: shop
                        sources:
                          raw: {format: csv, path: data/}
                        datasets:
                          bronze.orders: {from: raw}
                        """).spec().datasets().get("bronze.orders");

        assertThat(orders.tags()).isEmpty();
        assertThat(orders.columns()).isEmpty();
        assertThat(orders.description()).isNull();
    }

    @Test
    void rejectsATagThatIsNotAName() {
        assertThat(problem("""
                        name: shop
                        sources:
                          raw: {format: csv, path: data/}
                        datasets:
                          bronze.orders:
                            from: raw
                            tags: [pii, "daily report"]
                        """))
                .isEqualTo("pipeline.yaml:7:17: datasets.bronze.orders.tags[1]: invalid tag 'daily report' (use a"
                        + " letter or '_' followed by letters, digits and '_', e.g. pii or daily_finance)");
    }

    @Test
    void rejectsATagListedTwice() {
        assertThat(problem("""
                        name: shop
                        sources:
                          raw: {format: csv, path: data/}
                        datasets:
                          bronze.orders: {from: raw, tags: [pii, finance, pii]}
                        """))
                .isEqualTo("pipeline.yaml:5:51: datasets.bronze.orders.tags[2]: tag 'pii' is listed twice"
                        + " (list each tag once)");
    }

    @Test
    void reportsEveryBadTagOfEveryDataset() {
        List<String> problems = problems("""
                        name: shop
                        sources:
                          raw: {format: csv, path: data/}
                        datasets:
                          bronze.orders: {from: raw, tags: [9lives]}
                          bronze.customers: {from: raw, tags: [crm, crm]}
                        """);

        assertThat(problems)
                .containsExactly(
                        "pipeline.yaml:5:37: datasets.bronze.orders.tags[0]: invalid tag '9lives' (use a letter or"
                                + " '_' followed by letters, digits and '_', e.g. pii or daily_finance)",
                        "pipeline.yaml:6:45: datasets.bronze.customers.tags[1]: tag 'crm' is listed twice"
                                + " (list each tag once)");
    }

    @Test
    void rejectsTagsThatAreNotAList() {
        assertThat(problem("""
                        name: shop
                        sources:
                          raw: {format: csv, path: data/}
                        datasets:
                          bronze.orders: {from: raw, tags: pii}
                        """))
                .isEqualTo("pipeline.yaml:5:36: datasets.bronze.orders.tags: expected a list of strings, got a string"
                        + " (write a list, e.g. [pii])");
    }

    @Test
    void rejectsAColumnDescriptionThatIsNotText() {
        assertThat(problem("""
                        name: shop
                        sources:
                          raw: {format: csv, path: data/}
                        datasets:
                          bronze.orders:
                            from: raw
                            columns: {email: [a, b]}
                        """))
                .isEqualTo("pipeline.yaml:7:22: datasets.bronze.orders.columns.email: expected a string, got a list"
                        + " (quote the value if it contains ': ', or starts with '{' or '[')");
    }
}
