package dev.strata.core.validate;

import static dev.strata.core.validate.Yaml.problem;
import static dev.strata.core.validate.Yaml.problems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.strata.core.spec.AnomalyStrategy;
import dev.strata.core.spec.DatasetSpec;
import dev.strata.core.spec.EncryptSpec;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.spec.PipelineSpec;
import dev.strata.core.spec.PipelineValidationException;
import dev.strata.core.spec.Problem;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.RuleType;
import dev.strata.core.spec.SchemaEvolution;
import dev.strata.core.spec.SourceFormat;
import dev.strata.core.spec.SourceSpec;
import dev.strata.core.spec.StorageSpec;
import dev.strata.core.spec.TableFormat;
import dev.strata.core.spec.TransformSpec;
import dev.strata.core.spec.TriggerSpec;
import dev.strata.core.spec.WriteMode;
import dev.strata.core.spec.WriteSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineLoaderTest {
    @TempDir
    Path dir;

    @Test
    void acceptsTheDesignExampleAsIs() throws IOException {
        Path file = dir.resolve("pipeline.yaml");
        Files.writeString(file, designExample(), StandardCharsets.UTF_8);

        Pipeline pipeline = PipelineLoader.load(file);

        PipelineSpec spec = pipeline.spec();
        assertThat(pipeline.warnings()).isEmpty();
        assertThat(pipeline.file()).isEqualTo(file.toAbsolutePath().normalize());
        assertThat(spec.name()).isEqualTo("retail");
        assertThat(spec.storage())
                .isEqualTo(new StorageSpec(dir.resolve("lakehouse").toString(), TableFormat.DELTA));
        assertThat(spec.sources()).containsOnlyKeys("orders_raw", "customers_raw");
        assertThat(spec.sources().get("orders_raw").path())
                .isEqualTo(dir.resolve("data/orders").toString());
        assertThat(spec.sources().get("orders_raw").options()).containsExactly(Map.entry("header", "true"));
        assertThat(spec.datasets())
                .containsOnlyKeys("bronze.orders", "silver.orders", "silver.customers", "gold.daily_revenue");
        assertThat(spec.schedule().cron()).isEqualTo("0 * * * *");
        assertThat(spec.triggers())
                .containsExactly(new TriggerSpec(new TriggerSpec.Kafka("landing.orders", null), null, null, null));

        DatasetSpec orders = spec.datasets().get("silver.orders");
        assertThat(orders.from()).isEqualTo("bronze.orders");
        assertThat(orders.transform())
                .containsExactly(
                        TransformSpec.dedupe(java.util.List.of("order_id"), "ordered_at DESC"),
                        TransformSpec.derive(Map.of("order_date", "CAST(ordered_at AS DATE)")));
        assertThat(orders.expect())
                .extracting(RuleSpec::displayName)
                .containsExactly("not_null(order_id)", "regex(email)", "between(amount)");
        assertThat(orders.expect().get(1).pattern()).isEqualTo("^[^@\\s]+@[^@\\s]+$");
        assertThat(orders.expect().get(2).mostly()).isEqualTo(0.99);
        assertThat(orders.schemaEvolution()).isEqualTo(SchemaEvolution.ADD_COLUMNS);
        assertThat(orders.write())
                .isEqualTo(new WriteSpec(
                        WriteMode.MERGE,
                        java.util.List.of("order_id"),
                        null,
                        TableFormat.ICEBERG,
                        java.util.List.of("order_date"),
                        null,
                        null,
                        null,
                        null));
        assertThat(orders.encrypt()).isEqualTo(new EncryptSpec(java.util.List.of("email"), "pii", true));

        DatasetSpec customers = spec.datasets().get("silver.customers");
        assertThat(customers.write().mode()).isEqualTo(WriteMode.SCD2);
        assertThat(customers.write().track()).containsExactly("address", "tier");

        DatasetSpec revenue = spec.datasets().get("gold.daily_revenue");
        assertThat(revenue.sql()).startsWith("SELECT o.order_date");
        RuleSpec anomaly = revenue.expect().get(1);
        assertThat(anomaly.rule()).isEqualTo(RuleType.ANOMALY);
        assertThat(anomaly.metric()).isEqualTo("row_count");
        assertThat(anomaly.strategy()).isEqualTo(AnomalyStrategy.RELATIVE_RATE_OF_CHANGE);
        assertThat(anomaly.maxIncrease()).isEqualTo(2.0);
    }

    @Test
    void reportsAMissingFileAtItsFirstLine() {
        Path missing = dir.resolve("nope.yaml");

        PipelineValidationException e =
                catchThrowableOfType(PipelineValidationException.class, () -> PipelineLoader.load(missing));

        assertThat(e.getMessage())
                .isEqualTo(missing + ":1:1: Cannot read pipeline file: no such file (check the path)");
    }

    @Test
    void reportsAFolderPassedAsAFile() {
        PipelineValidationException e =
                catchThrowableOfType(PipelineValidationException.class, () -> PipelineLoader.load(dir));

        assertThat(e.getMessage())
                .isEqualTo(dir + ":1:1: Cannot read pipeline file: it is a folder (pass the path of a .yaml file)");
    }

    @Test
    void resolvesRelativePathsAgainstThePipelineFolder() {
        Pipeline pipeline = PipelineLoader.parse("""
                name: shop
                storage: {root: ../lake}
                sources:
                  a: {format: csv, path: data/a/}
                  b: {format: parquet, path: /abs/b}
                  c: {format: json, path: s3a://bucket/c/}
                  d: {format: delta, path: "file:/tmp/d"}
                  e: {format: kafka, topic: t}
                datasets:
                  bronze.a: {from: a}
                  bronze.b: {from: b}
                  bronze.c: {from: c}
                  bronze.d: {from: d}
                  bronze.e: {from: e}
                """, Path.of("/work/project/pipelines/shop.yaml"), Map.of());

        Map<String, SourceSpec> sources = pipeline.spec().sources();
        assertThat(pipeline.file()).isEqualTo(Path.of("/work/project/pipelines/shop.yaml"));
        assertThat(pipeline.spec().storage().root()).isEqualTo("/work/project/lake");
        assertThat(sources.get("a").path()).isEqualTo("/work/project/pipelines/data/a");
        assertThat(sources.get("b").path()).isEqualTo("/abs/b");
        assertThat(sources.get("c").path()).isEqualTo("s3a://bucket/c/");
        assertThat(sources.get("d").path()).isEqualTo("file:/tmp/d");
        assertThat(sources.get("e").path()).isNull();
    }

    @Test
    void keepsStorageUrisAndResolvesTheDefaultRoot() {
        String s3 = "name: shop\nstorage: {root: 'abfss://c@acct.dfs.core.windows.net/lake'}\ndatasets: {}\n";
        String none = "name: shop\ndatasets: {}\n";

        assertThat(PipelineLoader.parse(s3, Path.of("/p/x.yaml"), Map.of())
                        .spec()
                        .storage()
                        .root())
                .isEqualTo("abfss://c@acct.dfs.core.windows.net/lake");
        assertThat(PipelineLoader.parse(none, Path.of("/p/x.yaml"), Map.of())
                        .spec()
                        .storage()
                        .root())
                .isEqualTo("/p/lakehouse");
    }

    @Test
    void reportsEveryProblemAtOnceInFileOrder() {
        assertThat(problems("""
                        name: shop
                        sources:
                          orders_raw: {format: csv, path: data/}
                        datasets:
                          bronze.orders:
                            from: orders_rw
                            wirte: {mode: append}
                          silver.orders:
                            from: bronze.orders
                            write: {mode: upsert}
                            expect:
                              - {rule: not_null, column: id, pattern: x}
                          gold.daily:
                            sql: SELECT * FROM silver.order
                            write: {partition_by: day}
                        schedule: "0 * * *"
                        """))
                .containsExactly(
                        "pipeline.yaml:6:11: datasets.bronze.orders.from: 'orders_rw' is not a source or dataset"
                                + " (did you mean 'orders_raw'?)",
                        "pipeline.yaml:7:5: datasets.bronze.orders.wirte: unknown key 'wirte' (did you mean 'write'?)",
                        "pipeline.yaml:10:19: datasets.silver.orders.write.mode: unknown write mode 'upsert'"
                                + " (expected append | overwrite | merge | scd2 | delete; did you mean 'merge'?)",
                        "pipeline.yaml:12:38: datasets.silver.orders.expect[0].pattern: 'pattern' does not apply to"
                                + " rule not_null (rule not_null takes: column, mostly, warn_if, error_if, name, on_fail, where)",
                        "pipeline.yaml:14:24: datasets.gold.daily.sql: references silver.order, which is not defined"
                                + " (did you mean silver.orders?)",
                        "pipeline.yaml:15:27: datasets.gold.daily.write.partition_by: expected a list of strings,"
                                + " got a string (write a list, e.g. [day])",
                        "pipeline.yaml:16:11: schedule: invalid cron expression '0 * * *': expected 5 fields, got 4"
                                + " (minute hour day-of-month month day-of-week, e.g. \"0 * * * *\" runs hourly)");
    }

    @Test
    void rejectsAnEmptyFile() {
        assertThat(problem("# nothing yet\n"))
                .isEqualTo("pipeline.yaml:1:1: the pipeline file is empty (start with name: and datasets:)");
    }

    @Test
    void rejectsAFileThatIsNotAMapping() {
        assertThat(problem("- a\n- b\n")).isEqualTo("pipeline.yaml:1:1: expected a mapping, got a list");
    }

    @Test
    void appliesYamlAnchorsAndMergeKeys() {
        Pipeline pipeline = Yaml.parse("""
                name: shop
                sources:
                  a: &csv {format: csv, path: a/, options: {header: "true"}}
                  b: {<<: *csv, path: b/}
                datasets:
                  bronze.a: {from: a}
                  bronze.b: {from: b}
                """);

        SourceSpec b = pipeline.spec().sources().get("b");
        assertThat(b.format()).isEqualTo(SourceFormat.CSV);
        assertThat(b.options()).containsExactly(Map.entry("header", "true"));
        assertThat(b.path()).endsWith("/b");
    }

    @Test
    void keepsWarningsOutOfTheErrors() {
        Pipeline pipeline = Yaml.parse("""
                name: shop
                sources:
                  a: {format: csv, path: a/}
                  unused: {format: csv, path: b/}
                datasets:
                  bronze.a: {from: a}
                """);

        assertThat(pipeline.warnings())
                .extracting(Problem::toString)
                .containsExactly("pipeline.yaml:4:3: warning: sources.unused: source 'unused' is not read by any"
                        + " dataset (read it with from: unused, or remove it)");
    }

    static String designExample() throws IOException {
        try (InputStream in = PipelineLoaderTest.class.getResourceAsStream("/design-example.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
