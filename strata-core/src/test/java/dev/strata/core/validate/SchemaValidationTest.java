package dev.strata.core.validate;

import static dev.strata.core.validate.Yaml.parse;
import static dev.strata.core.validate.Yaml.problem;
import static dev.strata.core.validate.Yaml.problems;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.spec.Pipeline;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Problems the JSON Schema finds, in our own words. */
class SchemaValidationTest {
    @Test
    void rejectsUnknownKeyAndSuggestsTheClosest() {
        assertThat(problem("""
                        name: shop
                        datasets:
                          bronze.a:
                            sql: SELECT 1
                            wirte: {mode: append}
                        """))
                .isEqualTo("pipeline.yaml:5:5: datasets.bronze.a.wirte: unknown key 'wirte' (did you mean 'write'?)");
    }

    @Test
    void rejectsUnknownKeyAndListsTheAllowedOnes() {
        assertThat(problem("""
                        name: shop
                        storage: {root: lake, compression: zstd}
                        datasets: {}
                        """))
                .isEqualTo(
                        "pipeline.yaml:2:23: storage.compression: unknown key 'compression' (allowed: root, format, iceberg, retention)");
    }

    @Test
    void rejectsUnknownWriteMode() {
        assertThat(problem("""
                        name: shop
                        datasets:
                          silver.orders:
                            sql: SELECT 1
                            write: {mode: upsert, keys: [order_id]}
                        """))
                .isEqualTo("pipeline.yaml:5:19: datasets.silver.orders.write.mode: unknown write mode 'upsert'"
                        + " (expected append | overwrite | merge | scd2 | delete; did you mean 'merge'?)");
    }

    @Test
    void rejectsUnknownTableFormatWithoutAGuess() {
        assertThat(problem("name: shop\nstorage: {format: xml}\ndatasets: {}\n"))
                .isEqualTo("pipeline.yaml:2:19: storage.format: unknown table format 'xml'"
                        + " (expected delta | iceberg | hudi | parquet | orc | json | csv)");
    }

    @Test
    void rejectsUnknownRule() {
        assertThat(problem("""
                        name: shop
                        datasets:
                          silver.orders:
                            sql: SELECT 1
                            expect:
                              - {rule: not_nul, column: id}
                        """))
                .startsWith("pipeline.yaml:6:16: datasets.silver.orders.expect[0].rule: unknown rule 'not_nul'"
                        + " (expected not_null | regex | between |")
                .endsWith("; did you mean 'not_null'?)");
    }

    @Test
    void rejectsUnknownTransformStep() {
        assertThat(problem("""
                        name: shop
                        datasets:
                          silver.orders:
                            sql: SELECT 1
                            transform:
                              - dedup: {keys: [id]}
                        """))
                .isEqualTo("pipeline.yaml:6:9: datasets.silver.orders.transform[0].dedup: unknown transform step"
                        + " 'dedup' (did you mean 'dedupe'?)");
    }

    @Test
    void rejectsEmptyTransformStep() {
        assertThat(problem("""
                        name: shop
                        datasets:
                          silver.orders:
                            sql: SELECT 1
                            transform: [{}]
                        """))
                .isEqualTo("pipeline.yaml:5:17: datasets.silver.orders.transform[0]: empty transform step"
                        + " (use one of: select, rename, cast, filter, derive, dedupe, join, sql)");
    }

    @Test
    void rejectsTransformStepWithTwoKeys() {
        assertThat(problem("""
                        name: shop
                        datasets:
                          silver.orders:
                            sql: SELECT 1
                            transform:
                              - {filter: "a > 1", derive: {b: "a + 1"}}
                        """))
                .isEqualTo("pipeline.yaml:6:9: datasets.silver.orders.transform[0]: a transform step takes exactly"
                        + " one key, got 2: filter, derive (write each as its own list item)");
    }

    @Test
    void rejectsWrongType() {
        assertThat(problem("""
                        name: shop
                        datasets:
                          silver.orders:
                            sql: SELECT 1
                            write: {mode: merge, keys: order_id}
                        """))
                .isEqualTo("pipeline.yaml:5:32: datasets.silver.orders.write.keys: expected a list of strings,"
                        + " got a string (write a list, e.g. [order_id])");
    }

    @Test
    void rejectsAnEmptyValue() {
        assertThat(problem("""
                        name: shop
                        datasets:
                          silver.orders:
                            from:
                        """))
                .isEqualTo("pipeline.yaml:4:10: datasets.silver.orders.from: expected a string, got nothing");
    }

    @Test
    void rejectsAMappingWhereAStringBelongs() {
        assertThat(problem("""
                        name: shop
                        datasets:
                          silver.orders:
                            sql: {SELECT 1}
                        """))
                .isEqualTo("pipeline.yaml:4:10: datasets.silver.orders.sql: expected a string, got a mapping"
                        + " (quote the value if it contains ': ', or starts with '{' or '[')");
    }

    @Test
    void rejectsMissingRequiredKey() {
        assertThat(problem("""
                        name: shop
                        sources:
                          orders_raw: {path: data/}
                        datasets:
                          bronze.orders: {from: orders_raw}
                        """))
                .isEqualTo("pipeline.yaml:3:3: sources.orders_raw: missing required key 'format'"
                        + " (add format: csv | json | parquet | orc | delta | iceberg | hudi | kafka | jdbc)");
    }

    @Test
    void rejectsMissingRequiredTopLevelKeys() {
        assertThat(problems("storage: {format: delta}\n"))
                .containsExactly(
                        "pipeline.yaml:1:1: missing required key 'datasets'"
                                + " (add datasets: datasets keyed by layer.name, e.g. bronze.orders, silver.orders,"
                                + " gold.revenue)",
                        "pipeline.yaml:1:1: missing required key 'name'"
                                + " (add name: the pipeline's name, of letters, digits, '_' and '-')");
    }

    @Test
    void rejectsDatasetKeyWithoutLayer() {
        assertThat(problem("""
                        name: shop
                        datasets:
                          orders:
                            sql: SELECT 1
                        """))
                .isEqualTo("pipeline.yaml:3:3: datasets.orders: invalid dataset name 'orders'"
                        + " (write layer.name, e.g. silver.orders)");
    }

    @Test
    void acceptsAnyLayerName() {
        assertThat(parse("name: shop\ndatasets:\n  staging.orders: {sql: SELECT 1}\n")
                        .spec()
                        .datasets())
                .containsOnlyKeys("staging.orders");
    }

    @Test
    void rejectsMostlyOutsideZeroToOne() {
        assertThat(problem("""
                        name: shop
                        datasets:
                          silver.orders:
                            sql: SELECT 1
                            expect:
                              - {rule: not_null, column: id, mostly: 1.5}
                        """))
                .isEqualTo("pipeline.yaml:6:46: datasets.silver.orders.expect[0].mostly: must be between 0 and 1,"
                        + " got 1.5 (fraction of rows that must pass for the rule to pass, 0..1 (default 1))");
    }

    @Test
    void acceptsScalarOptionValuesAsStrings() {
        Pipeline pipeline = parse("""
                name: shop
                sources:
                  a: {format: csv, path: a/, options: {header: true, samplingRatio: 0.5, maxColumns: 100}}
                datasets:
                  bronze.a: {from: a}
                """);

        assertThat(pipeline.spec().sources().get("a").options())
                .containsExactly(
                        Map.entry("header", "true"), Map.entry("samplingRatio", "0.5"), Map.entry("maxColumns", "100"));
    }

    @Test
    void rejectsAListAsOptionValue() {
        assertThat(problem("""
                        name: shop
                        sources:
                          a: {format: csv, path: a/, options: {header: [a]}}
                        datasets:
                          bronze.a: {from: a}
                        """))
                .isEqualTo("pipeline.yaml:3:48: sources.a.options.header: expected a string, number or boolean,"
                        + " got a list (quote the value if it contains ': ', or starts with '{' or '[')");
    }

    @Test
    void readsNumbersAndBooleansWrittenWhereTextBelongsAsTheyWereWritten() {
        Pipeline pipeline = parse("""
                name: 2024
                sources:
                  a: {format: kafka, topic: 0123}
                datasets:
                  bronze.a: {from: a, expect: [{rule: not_null, column: yes}]}
                """);

        assertThat(pipeline.spec().name()).isEqualTo("2024");
        assertThat(pipeline.spec().sources().get("a").topic()).isEqualTo("0123");
        assertThat(pipeline.spec().datasets().get("bronze.a").expect().get(0).column())
                .isEqualTo("yes");
    }

    @Test
    void acceptsAnyScalarInRuleValues() {
        Pipeline pipeline = parse("""
                name: shop
                datasets:
                  silver.a:
                    sql: SELECT 1
                    expect: [{rule: in_set, column: x, values: [EUR, 1, 2.5, true]}]
                """);

        assertThat(pipeline.spec().datasets().get("silver.a").expect().get(0).values())
                .containsExactly("EUR", 1, 2.5, true);
    }

    @Test
    void rejectsAMappingInRuleValues() {
        assertThat(problem("""
                        name: shop
                        datasets:
                          silver.a:
                            sql: SELECT 1
                            expect: [{rule: in_set, column: x, values: [EUR, {a: 1}]}]
                        """))
                .isEqualTo("pipeline.yaml:5:54: datasets.silver.a.expect[0].values[1]: expected a string, number or"
                        + " boolean, got a mapping (quote the value if it contains ': ', or starts with '{' or '[')");
    }

    @Test
    void rejectsEmptyTrigger() {
        assertThat(problem("name: shop\ndatasets: {}\ntriggers: [{}]\n"))
                .isEqualTo(
                        "pipeline.yaml:3:12: triggers[0]: empty trigger (use one of: kafka, dataset, files, debounce)");
    }

    @Test
    void reportsEveryPropertyProblemOfOneObject() {
        assertThat(problems("""
                        name: shop
                        datasets:
                          silver.a:
                            sql: SELECT 1
                            write: {mode: upsert, keys: id, partition: [day]}
                        """))
                .containsExactly(
                        "pipeline.yaml:5:19: datasets.silver.a.write.mode: unknown write mode 'upsert'"
                                + " (expected append | overwrite | merge | scd2 | delete; did you mean 'merge'?)",
                        "pipeline.yaml:5:33: datasets.silver.a.write.keys: expected a list of strings, got a string"
                                + " (write a list, e.g. [id])",
                        "pipeline.yaml:5:37: datasets.silver.a.write.partition: unknown key 'partition'"
                                + " (did you mean 'partition_by'?)");
    }

    @Test
    void neverPrintsTheValidatorsOwnWording() {
        List<String> all = problems("""
                name: [x]
                storage: {format: 1}
                datasets: {a.b: {write: {keys: [{}]}, expect: [{}]}}
                """);

        assertThat(all).noneMatch(p -> p.contains("schema") || p.contains("found,") || p.contains("$."));
    }
}
