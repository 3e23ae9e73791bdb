package dev.strata.core.validate;

import static dev.strata.core.validate.Yaml.parse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.spec.AnomalyStrategy;
import dev.strata.core.spec.DatasetSpec;
import dev.strata.core.spec.OnFail;
import dev.strata.core.spec.PipelineSpec;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.SchemaEvolution;
import dev.strata.core.spec.SourceFormat;
import dev.strata.core.spec.SourceSpec;
import dev.strata.core.spec.TableFormat;
import dev.strata.core.spec.TransformSpec;
import dev.strata.core.spec.WriteMode;
import dev.strata.core.spec.WriteSpec;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each config binding: what an omitted key means, and that every key lands in its record component. */
class SpecBindingTest {
    @Test
    void defaultsStorageToDeltaBesideTheFile() {
        PipelineSpec spec = parse("name: shop\ndatasets: {}\n").spec();

        assertThat(spec.storage().format()).isEqualTo(TableFormat.DELTA);
        assertThat(spec.storage().root()).endsWith("/lakehouse");
        assertThat(spec.sources()).isEmpty();
        assertThat(spec.datasets()).isEmpty();
        assertThat(spec.schedule()).isNull();
        assertThat(spec.triggers()).isEmpty();
    }

    @Test
    void defaultsADatasetToAppendAndStrict() {
        DatasetSpec dataset = parse("name: shop\ndatasets: {silver.a: {sql: SELECT 1}}\n")
                .spec()
                .datasets()
                .get("silver.a");

        assertThat(dataset.write()).isEqualTo(WriteSpec.APPEND);
        assertThat(dataset.write().mode()).isEqualTo(WriteMode.APPEND);
        assertThat(dataset.write().keys()).isEmpty();
        assertThat(dataset.write().format()).isNull();
        assertThat(dataset.write().formatOr(TableFormat.HUDI)).isEqualTo(TableFormat.HUDI);
        assertThat(dataset.schemaEvolution()).isEqualTo(SchemaEvolution.STRICT);
        assertThat(dataset.transform()).isEmpty();
        assertThat(dataset.expect()).isEmpty();
        assertThat(dataset.encrypt()).isNull();
        assertThat(dataset.from()).isNull();
    }

    @Test
    void defaultsARuleToWarnOnFailure() {
        RuleSpec rule = parse(
                        "name: shop\ndatasets: {silver.a: {sql: SELECT 1, expect: [{rule: not_null, column: id}]}}\n")
                .spec()
                .datasets()
                .get("silver.a")
                .expect()
                .get(0);

        assertThat(rule.onFail()).isEqualTo(OnFail.WARN);
        assertThat(rule.mostly()).isNull();
        assertThat(rule.requiredPassFraction()).isEqualTo(1.0);
        assertThat(rule.strict()).isFalse();
        assertThat(rule.values()).isEmpty();
        assertThat(rule.columns()).isEmpty();
        assertThat(rule.displayName()).isEqualTo("not_null(id)");
    }

    @Test
    void defaultsSourcesJoinsEncryptionAndTriggers() {
        PipelineSpec spec = parse("""
                        name: shop
                        sources: {raw: {format: json, path: in/}}
                        datasets:
                          bronze.a: {from: raw}
                          silver.a:
                            from: bronze.a
                            transform: [{join: {with: bronze.a, on: [id]}}]
                            encrypt: {columns: [email], key: pii}
                        triggers: [{kafka: {topic: t}}]
                        """).spec();

        SourceSpec source = spec.sources().get("raw");
        assertThat(source.options()).isEmpty();
        assertThat(source.schema()).isNull();
        assertThat(source.asOfVersion()).isNull();
        DatasetSpec dataset = spec.datasets().get("silver.a");
        assertThat(dataset.transform().get(0).join().how()).isEqualTo(TransformSpec.JoinType.INNER);
        assertThat(dataset.transform().get(0).kind()).isEqualTo(TransformSpec.Kind.JOIN);
        assertThat(dataset.encrypt().deterministic()).isFalse();
        assertThat(spec.triggers().get(0).kafka().filter()).isEmpty();
        assertThat(spec.triggers().get(0).debounceWindow()).isEqualTo(java.time.Duration.ofSeconds(30));
    }

    @Test
    void mapsEverySourceKey() {
        SourceSpec source = parse("""
                        name: shop
                        sources:
                          s:
                            format: iceberg
                            path: tables/s
                            options: {a: b}
                            schema: "id INT"
                            topic: t
                            bootstrap_servers: k:9092
                            url: jdbc:x
                            table: db.s
                            as_of_version: 7
                            as_of_timestamp: "2024-01-01 00:00:00"
                        datasets: {bronze.s: {from: s}}
                        """).spec().sources().get("s");

        assertThat(source.format()).isEqualTo(SourceFormat.ICEBERG);
        assertThat(source.path()).endsWith("/tables/s");
        assertThat(source.options()).containsExactly(Map.entry("a", "b"));
        assertThat(source.schema()).isEqualTo("id INT");
        assertThat(source.topic()).isEqualTo("t");
        assertThat(source.bootstrapServers()).isEqualTo("k:9092");
        assertThat(source.url()).isEqualTo("jdbc:x");
        assertThat(source.table()).isEqualTo("db.s");
        assertThat(source.asOfVersion()).isEqualTo(7L);
        assertThat(source.asOfTimestamp()).isEqualTo("2024-01-01 00:00:00");
    }

    @Test
    void mapsEveryWriteKey() {
        WriteSpec write = parse("""
                        name: shop
                        datasets:
                          silver.a:
                            sql: SELECT 1
                            write:
                              mode: merge
                              keys: [id]
                              format: hudi
                              partition_by: [day]
                              order_by: updated_at DESC
                              delete_when: op = 'D'
                        """).spec().datasets().get("silver.a").write();

        assertThat(write)
                .isEqualTo(new WriteSpec(
                        WriteMode.MERGE,
                        List.of("id"),
                        List.of(),
                        TableFormat.HUDI,
                        List.of("day"),
                        "updated_at DESC",
                        "op = 'D'",
                        null,
                        null));
    }

    @Test
    void mapsEveryRuleKey() {
        List<RuleSpec> rules = parse("""
                        name: shop
                        datasets:
                          silver.c: {sql: SELECT 1}
                          silver.a:
                            sql: SELECT 1
                            expect:
                              - {rule: between, name: amount_ok, column: amount, min: 0, max: 10.5, strict: true,
                                 mostly: 0.9, where: "currency = 'EUR'", on_fail: drop}
                              - {rule: in_set, column: c, values: [a, b]}
                              - {rule: regex, column: e, pattern: "^x$"}
                              - {rule: unique, columns: [a, b]}
                              - {rule: expression, expression: "a < b"}
                              - {rule: type, column: t, type: INT}
                              - {rule: references, column: c, references: silver.c.id}
                              - {rule: anomaly, metric: row_count, strategy: online_normal, max_increase: 1.5,
                                 max_decrease: 0.5}
                              - {rule: freshness, column: ts, max_age: 24h}
                        """).spec().datasets().get("silver.a").expect();

        RuleSpec between = rules.get(0);
        assertThat(between.name()).isEqualTo("amount_ok");
        assertThat(between.displayName()).isEqualTo("amount_ok");
        assertThat(between.column()).isEqualTo("amount");
        assertThat(between.min()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(between.max()).isEqualByComparingTo(new BigDecimal("10.5"));
        assertThat(between.strict()).isTrue();
        assertThat(between.mostly()).isEqualTo(0.9);
        assertThat(between.where()).isEqualTo("currency = 'EUR'");
        assertThat(between.onFail()).isEqualTo(OnFail.DROP);
        assertThat(rules.get(1).values()).containsExactly("a", "b");
        assertThat(rules.get(2).pattern()).isEqualTo("^x$");
        assertThat(rules.get(3).columns()).containsExactly("a", "b");
        assertThat(rules.get(3).displayName()).isEqualTo("unique(a,b)");
        assertThat(rules.get(4).expression()).isEqualTo("a < b");
        assertThat(rules.get(5).type()).isEqualTo("INT");
        assertThat(rules.get(6).references()).isEqualTo("silver.c.id");
        assertThat(rules.get(7).metric()).isEqualTo("row_count");
        assertThat(rules.get(7).strategy()).isEqualTo(AnomalyStrategy.ONLINE_NORMAL);
        assertThat(rules.get(7).maxIncrease()).isEqualTo(1.5);
        assertThat(rules.get(7).maxDecrease()).isEqualTo(0.5);
        assertThat(rules.get(8).maxAge()).isEqualTo("24h");
    }

    @Test
    void mapsEveryTransformStep() {
        List<TransformSpec> steps = parse("""
                        name: shop
                        datasets:
                          silver.b: {sql: SELECT 1}
                          silver.a:
                            from: silver.b
                            transform:
                              - select: [id, "amount * 2 AS double"]
                              - rename: {id: order_id}
                              - cast: {amount: "DECIMAL(12,2)"}
                              - filter: amount > 0
                              - derive: {day: "CAST(ts AS DATE)"}
                              - dedupe: {keys: [order_id], order_by: ts DESC}
                              - join: {with: silver.b, condition: "l.id = r.id", how: left_anti}
                              - sql: SELECT * FROM input
                        """).spec().datasets().get("silver.a").transform();

        assertThat(steps).extracting(TransformSpec::kind).containsExactly(TransformSpec.Kind.values());
        assertThat(steps.get(0).select()).containsExactly("id", "amount * 2 AS double");
        assertThat(steps.get(1).rename()).containsExactly(Map.entry("id", "order_id"));
        assertThat(steps.get(2).cast()).containsExactly(Map.entry("amount", "DECIMAL(12,2)"));
        assertThat(steps.get(3).filter()).isEqualTo("amount > 0");
        assertThat(steps.get(4).derive()).containsExactly(Map.entry("day", "CAST(ts AS DATE)"));
        assertThat(steps.get(5).dedupe()).isEqualTo(new TransformSpec.Dedupe(List.of("order_id"), "ts DESC"));
        assertThat(steps.get(6).join())
                .isEqualTo(new TransformSpec.Join("silver.b", null, "l.id = r.id", TransformSpec.JoinType.LEFT_ANTI));
        assertThat(steps.get(7).sql()).isEqualTo("SELECT * FROM input");
    }

    @Test
    void keepsTheOrderOfTheFile() {
        PipelineSpec spec = parse("""
                        name: shop
                        datasets:
                          gold.z: {sql: SELECT 1}
                          bronze.a: {sql: SELECT 1}
                          silver.m: {sql: SELECT 1}
                        """).spec();

        assertThat(spec.datasets()).containsOnlyKeys("gold.z", "bronze.a", "silver.m");
        assertThat(List.copyOf(spec.datasets().keySet())).containsExactly("gold.z", "bronze.a", "silver.m");
    }
}
