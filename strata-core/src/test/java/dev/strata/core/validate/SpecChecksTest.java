package dev.strata.core.validate;

import static dev.strata.core.validate.Yaml.parse;
import static dev.strata.core.validate.Yaml.problem;
import static dev.strata.core.validate.Yaml.problems;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.spec.OnFail;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.spec.Problem;
import dev.strata.core.spec.RuleSpec;
import org.junit.jupiter.api.Test;

/** The checks beyond the schema: references, write modes, rules, sources, schedule, cycles. */
class SpecChecksTest {
    // ---- datasets and their inputs ----

    @Test
    void requiresFromOrSql() {
        assertThat(problem("""
                        name: shop
                        datasets:
                          silver.orders:
                            write: {mode: append}
                        """))
                .isEqualTo("pipeline.yaml:3:3: datasets.silver.orders: a dataset needs 'from' or 'sql'"
                        + " (read a source or dataset with from:, or write sql:)");
    }

    @Test
    void rejectsFromAndSqlTogether() {
        assertThat(problem("""
                        name: shop
                        datasets:
                          silver.a: {sql: SELECT 1}
                          silver.orders:
                            from: silver.a
                            sql: SELECT * FROM silver.a
                        """))
                .isEqualTo("pipeline.yaml:6:5: datasets.silver.orders.sql: a dataset takes 'from' or 'sql', not both"
                        + " (keep from: to read one input, or sql: to read any datasets)");
    }

    @Test
    void rejectsFromThatNamesNothing() {
        assertThat(problem("""
                        name: shop
                        sources:
                          orders_raw: {format: csv, path: data/}
                        datasets:
                          bronze.orders: {from: orders_raw}
                          silver.orders: {from: bronze.order}
                        """))
                .isEqualTo("pipeline.yaml:6:25: datasets.silver.orders.from: 'bronze.order' is not a source or"
                        + " dataset (did you mean 'bronze.orders'?)");
    }

    @Test
    void letsAnyDatasetReadAnotherOrAQuarantineTable() {
        Pipeline pipeline = parse("""
                name: shop
                datasets:
                  staging.a: {sql: SELECT 1 AS id}
                  gold.b: {from: staging.a}
                  gold.c: {from: staging.a__quarantine}
                """);

        assertThat(pipeline.spec().datasets()).hasSize(3);
    }

    @Test
    void rejectsSqlThatReferencesAnUndefinedDatasetAtTheReference() {
        assertThat(problem("""
                        name: shop
                        datasets:
                          silver.orders: {sql: SELECT 1 AS amount}
                          gold.daily:
                            sql: |
                              SELECT o.order_date, 'silver.nope' AS s -- silver.zzz
                              FROM silver.order o /* gold.x */ JOIN silver.orders__quarantine q ON o.id = q.id
                        """))
                .isEqualTo("pipeline.yaml:7:12: datasets.gold.daily.sql: references silver.order, which is not"
                        + " defined (did you mean silver.orders?)");
    }

    @Test
    void rejectsSqlStepThatReferencesAnUndefinedDataset() {
        assertThat(problem("""
                        name: shop
                        datasets:
                          silver.orders: {sql: SELECT 1 AS id}
                          gold.daily:
                            from: silver.orders
                            transform:
                              - sql: "SELECT * FROM input JOIN gold.customers USING (id)"
                        """))
                .isEqualTo("pipeline.yaml:7:40: datasets.gold.daily.transform[0].sql: references gold.customers,"
                        + " which is not defined (declare it under datasets:)");
    }

    @Test
    void recognisesReferencesInDeclaredLayers() {
        assertThat(problem("""
                        name: shop
                        datasets:
                          raw.orders: {sql: SELECT 1 AS id}
                          mart.daily: {sql: SELECT * FROM raw.order}
                        """))
                .isEqualTo("pipeline.yaml:4:35: datasets.mart.daily.sql: references raw.order, which is not defined"
                        + " (did you mean raw.orders?)");
    }

    // ---- joins ----

    @Test
    void rejectsJoinWithAnUndefinedDataset() {
        assertThat(problem("""
                        name: shop
                        datasets:
                          silver.orders: {sql: SELECT 1 AS id}
                          silver.customers: {sql: SELECT 1 AS id}
                          gold.x:
                            from: silver.orders
                            transform:
                              - join: {with: silver.customer, on: [id]}
                        """))
                .isEqualTo("pipeline.yaml:8:22: datasets.gold.x.transform[0].join.with: joins silver.customer, which"
                        + " is not a dataset (did you mean silver.customers?)");
    }

    @Test
    void rejectsJoinWithASource() {
        assertThat(problem("""
                        name: shop
                        sources: {raw: {format: csv, path: x/}}
                        datasets:
                          bronze.a: {from: raw}
                          silver.a:
                            from: bronze.a
                            transform: [{join: {with: raw, on: [id]}}]
                        """))
                .isEqualTo("pipeline.yaml:7:31: datasets.silver.a.transform[0].join.with: joins raw, which is not a"
                        + " dataset (a source cannot be joined: read it into a dataset, and join that)");
    }

    @Test
    void requiresJoinOnOrCondition() {
        assertThat(problem("""
                        name: shop
                        datasets:
                          silver.a: {sql: SELECT 1 AS id}
                          silver.b:
                            from: silver.a
                            transform:
                              - join: {with: silver.a, how: left}
                        """))
                .isEqualTo("pipeline.yaml:7:9: datasets.silver.b.transform[0].join: a join needs 'on' or"
                        + " 'condition' (on: [customer_id] joins equal columns; condition: \"l.id = r.id\" takes any"
                        + " SQL)");
    }

    @Test
    void rejectsJoinOnAndConditionTogether() {
        assertThat(problem("""
                        name: shop
                        datasets:
                          silver.a: {sql: SELECT 1 AS id}
                          silver.b:
                            from: silver.a
                            transform:
                              - join: {with: silver.a, on: [id], condition: "l.id = r.id"}
                        """))
                .isEqualTo("pipeline.yaml:7:42: datasets.silver.b.transform[0].join.condition: a join takes 'on' or"
                        + " 'condition', not both (keep on: for equal columns, or condition: for any SQL)");
    }

    // ---- writes ----

    @Test
    void requiresKeysForMerge() {
        assertThat(problem("""
                        name: shop
                        datasets:
                          silver.a:
                            sql: SELECT 1 AS id
                            write: {mode: merge}
                        """))
                .isEqualTo("pipeline.yaml:5:19: datasets.silver.a.write.mode: write mode merge needs keys"
                        + " (add keys: [<key column>, …] to the write)");
    }

    @Test
    void refusesAModeThePlainFileFormatsCannotDo() {
        assertThat(problem("""
                        name: shop
                        storage: {format: parquet}
                        datasets:
                          silver.a:
                            sql: SELECT 1 AS id
                            write: {mode: merge, keys: [id]}
                        """))
                .isEqualTo("pipeline.yaml:6:19: datasets.silver.a.write.mode: write mode merge needs a table format,"
                        + " and parquet writes plain files that cannot update or delete rows"
                        + " (use format: delta, iceberg or hudi, or mode: append or overwrite)");
    }

    @Test
    void refusesHudiTableTypeOnAnotherFormatAndOrderByOutsideMergeAndScd2() {
        assertThat(problems("""
                        name: shop
                        datasets:
                          silver.a: {sql: SELECT 1 AS id, write: {format: delta, table_type: merge_on_read}}
                          silver.b: {sql: SELECT 1 AS id, write: {mode: append, order_by: id}}
                          silver.c: {sql: SELECT 1 AS id, write: {mode: scd2, keys: [id], track: [id]}}
                        """))
                .containsExactly(
                        "pipeline.yaml:3:58: datasets.silver.a.write.table_type: 'table_type' applies only to format"
                                + " hudi, and this dataset writes delta (use format: hudi, or remove table_type)",
                        "pipeline.yaml:4:57: datasets.silver.b.write.order_by: 'order_by' applies only to write modes"
                                + " merge and scd2 (it picks the row kept when a batch holds one key twice; remove it)",
                        "pipeline.yaml:5:74: datasets.silver.c.write.track: key column 'id' cannot also be tracked"
                                + " (track lists the non-key columns whose change opens a new version)");
    }

    @Test
    void checksRetentionAndTheIcebergCatalog() {
        assertThat(problems("""
                        name: shop
                        storage: {retention: a week, iceberg: {type: jdbc}}
                        datasets: {}
                        """))
                .containsExactly(
                        "pipeline.yaml:2:22: storage.retention: invalid retention 'a week'"
                                + " (a number and a unit: s, m, h, d or w, e.g. 7d)",
                        "pipeline.yaml:2:39: storage.iceberg: an Iceberg jdbc catalog needs 'uri'"
                                + " (e.g. uri: jdbc:postgresql://127.0.0.1:5432/strata)");
    }

    @Test
    void requiresKeysForScd2AndDelete() {
        assertThat(problems("""
                        name: shop
                        datasets:
                          silver.a: {sql: SELECT 1 AS id, write: {mode: scd2}}
                          silver.b: {sql: SELECT 1 AS id, write: {mode: delete, keys: []}}
                        """))
                .containsExactly(
                        "pipeline.yaml:3:49: datasets.silver.a.write.mode: write mode scd2 needs keys"
                                + " (add keys: [<key column>, …] to the write)",
                        "pipeline.yaml:4:49: datasets.silver.b.write.mode: write mode delete needs keys"
                                + " (add keys: [<key column>, …] to the write)");
    }

    @Test
    void allowsTrackOnlyWithScd2() {
        assertThat(problem("""
                        name: shop
                        datasets:
                          silver.a:
                            sql: SELECT 1 AS id
                            write: {mode: merge, keys: [id], track: [tier]}
                        """))
                .isEqualTo("pipeline.yaml:5:38: datasets.silver.a.write.track: 'track' applies only to write mode"
                        + " scd2 (use mode: scd2, or remove track)");
    }

    @Test
    void allowsDeleteWhenOnlyWithMerge() {
        assertThat(problem("""
                        name: shop
                        datasets:
                          silver.a:
                            sql: SELECT 1 AS id
                            write: {delete_when: "op = 'D'"}
                        """))
                .isEqualTo("pipeline.yaml:5:13: datasets.silver.a.write.delete_when: 'delete_when' applies only to"
                        + " write mode merge (use mode: merge, or remove delete_when)");
    }

    @Test
    void requiresAtLeastOneEncryptedColumn() {
        assertThat(problem("""
                        name: shop
                        datasets:
                          silver.a:
                            sql: SELECT 1 AS id
                            encrypt: {columns: [], key: pii}
                        """))
                .isEqualTo("pipeline.yaml:5:24: datasets.silver.a.encrypt.columns: encrypt needs at least one column"
                        + " (e.g. encrypt: {columns: [email], key: pii})");
    }

    @Test
    void refusesRandomizedKeysEncryptedPartitionsStrataColumnsDuplicatesAndBadKeyNames() {
        assertThat(problems("""
                        name: shop
                        datasets:
                          silver.a:
                            sql: SELECT 1 AS id, 'x' AS email, 'DE' AS country, 't' AS tier
                            write: {mode: scd2, keys: [id], track: [tier], partition_by: [country]}
                            encrypt: {columns: [id, tier, country, _run_id, email, email], key: ../pii}
                        """))
                .containsExactly(
                        "pipeline.yaml:6:25: datasets.silver.a.encrypt.columns[0]: 'id' is a key of write mode scd2,"
                                + " and randomized ciphertexts of equal values differ (set deterministic: true, so"
                                + " equal values keep equal ciphertexts)",
                        "pipeline.yaml:6:29: datasets.silver.a.encrypt.columns[1]: 'tier' is a tracked column of write"
                                + " mode scd2, and randomized ciphertexts of equal values differ (set deterministic:"
                                + " true, so equal values keep equal ciphertexts)",
                        "pipeline.yaml:6:35: datasets.silver.a.encrypt.columns[2]: cannot encrypt partition column"
                                + " 'country' (a ciphertext makes a useless partition: partition by another column)",
                        "pipeline.yaml:6:44: datasets.silver.a.encrypt.columns[3]: cannot encrypt Strata's own column"
                                + " '_run_id' (encrypt the dataset's data columns; Strata reads _run_id, _ingested_at,"
                                + " _source_file, _failed_rules, _reason, _quarantined_at, _raw_record, _valid_from,"
                                + " _valid_to, _is_current)",
                        "pipeline.yaml:6:60: datasets.silver.a.encrypt.columns[5]: column 'email' is listed twice (list"
                                + " each column once)",
                        "pipeline.yaml:6:73: datasets.silver.a.encrypt.key: invalid key name '../pii' (use 1-64"
                                + " letters, digits, '_' or '-', starting with a letter or digit)");
    }

    @Test
    void refusesEncryptedColumnsThatTheWritesOwnExpressionsRead() {
        assertThat(problem("""
                        name: shop
                        datasets:
                          silver.a:
                            sql: SELECT 1 AS id, current_timestamp() AS updated_at
                            write: {mode: merge, keys: [id], order_by: "updated_at DESC"}
                            encrypt: {columns: [updated_at], key: pii, deterministic: true}
                        """))
                .isEqualTo("pipeline.yaml:6:25: datasets.silver.a.encrypt.columns[0]: 'updated_at' is encrypted before"
                        + " the write, so write.order_by would read its ciphertexts (use a column that is not encrypted"
                        + " in write.order_by, or do not encrypt 'updated_at')");
    }

    @Test
    void acceptsDeterministicEncryptionOfMergeKeys() {
        assertThat(parse("""
                                name: shop
                                datasets:
                                  silver.a:
                                    sql: SELECT 'x' AS email
                                    write: {mode: merge, keys: [email]}
                                    encrypt: {columns: [email], key: pii, deterministic: true}
                                """).warnings()).isEmpty();
    }

    // ---- rules ----

    @Test
    void requiresAColumnForColumnRules() {
        assertThat(problem(rules("- {rule: not_null}")))
                .isEqualTo("pipeline.yaml:6:9: datasets.silver.a.expect[0]: rule not_null needs 'column'"
                        + " (e.g. {rule: not_null, column: order_id})");
    }

    @Test
    void requiresAPatternForRegex() {
        assertThat(problem(rules("- {rule: regex, column: email}")))
                .isEqualTo("pipeline.yaml:6:9: datasets.silver.a.expect[0]: rule regex needs 'pattern'"
                        + " (e.g. {rule: regex, column: email, pattern: '^[^@]+@[^@]+$'})");
    }

    @Test
    void rejectsARegexThatDoesNotCompile() {
        assertThat(problem(rules("- {rule: regex, column: email, pattern: '[a-'}")))
                .isEqualTo("pipeline.yaml:6:47: datasets.silver.a.expect[0].pattern: invalid regular expression:"
                        + " Illegal character range near index 3 (patterns use Java regex syntax; quote them with '…'"
                        + " in YAML)");
    }

    @Test
    void requiresMinOrMaxForBetween() {
        assertThat(problem(rules("- {rule: between, column: amount}")))
                .isEqualTo("pipeline.yaml:6:9: datasets.silver.a.expect[0]: rule between needs 'min' or 'max'"
                        + " (e.g. {rule: between, column: amount, min: 0, max: 100000})");
    }

    @Test
    void rejectsMinAboveMax() {
        assertThat(problem(rules("- {rule: between, column: amount, min: 10, max: 1.5}")))
                .isEqualTo("pipeline.yaml:6:46: datasets.silver.a.expect[0].min: min 10 is greater than max 1.5"
                        + " (swap them)");
    }

    @Test
    void requiresValuesForInSet() {
        assertThat(problems(
                        rules("- {rule: in_set, column: currency}\n      - {rule: not_in_set, column: s, values: []}")))
                .containsExactly(
                        "pipeline.yaml:6:9: datasets.silver.a.expect[0]: rule in_set needs a non-empty 'values' list"
                                + " (e.g. {rule: in_set, column: currency, values: [EUR, USD]})",
                        "pipeline.yaml:7:47: datasets.silver.a.expect[1].values: rule not_in_set needs a non-empty"
                                + " 'values' list (e.g. {rule: not_in_set, column: status, values: [deleted]})");
    }

    @Test
    void requiresColumnOrColumnsForUnique() {
        assertThat(problem(rules("- {rule: unique}")))
                .isEqualTo("pipeline.yaml:6:9: datasets.silver.a.expect[0]: rule unique needs 'column' or 'columns'"
                        + " (e.g. {rule: unique, columns: [order_id]})");
    }

    @Test
    void requiresMinOrMaxForRowCount() {
        assertThat(problem(rules("- {rule: row_count, on_fail: fail}")))
                .isEqualTo("pipeline.yaml:6:9: datasets.silver.a.expect[0]: rule row_count needs 'min' or 'max'"
                        + " (e.g. {rule: row_count, min: 1})");
    }

    @Test
    void requiresAnExpressionForExpressionAndAggregate() {
        assertThat(problems(rules("- {rule: expression}\n      - {rule: aggregate}")))
                .containsExactly(
                        "pipeline.yaml:6:9: datasets.silver.a.expect[0]: rule expression needs 'expression'"
                                + " (e.g. {rule: expression, expression: \"shipped_at >= ordered_at\"})",
                        "pipeline.yaml:7:9: datasets.silver.a.expect[1]: rule aggregate needs 'expression'"
                                + " (e.g. {rule: aggregate, expression: \"sum(amount)\", min: 0})",
                        "pipeline.yaml:7:9: datasets.silver.a.expect[1]: rule aggregate needs 'min' or 'max'"
                                + " (e.g. {rule: aggregate, expression: \"sum(amount)\", min: 0})");
    }

    @Test
    void requiresMetricAndStrategyForAnomaly() {
        assertThat(problems(rules("- {rule: anomaly, max_increase: 2}")))
                .containsExactly(
                        "pipeline.yaml:6:9: datasets.silver.a.expect[0]: rule anomaly needs 'metric' (e.g. {rule:"
                                + " anomaly, metric: row_count, strategy: relative_rate_of_change, max_increase: 2.0})",
                        "pipeline.yaml:6:9: datasets.silver.a.expect[0]: rule anomaly needs 'strategy' (e.g. {rule:"
                                + " anomaly, metric: row_count, strategy: relative_rate_of_change, max_increase: 2.0})");
    }

    @Test
    void requiresReferencesAsLayerNameColumn() {
        assertThat(problem(rules("- {rule: references, column: customer_id, references: customers.id}")))
                .isEqualTo("pipeline.yaml:6:61: datasets.silver.a.expect[0].references: expected layer.name.column,"
                        + " got 'customers.id' (e.g. references: silver.customers.customer_id)");
    }

    @Test
    void requiresReferencesToNameADeclaredDataset() {
        assertThat(problem(rules("- {rule: references, column: customer_id, references: silver.b.id}")))
                .isEqualTo("pipeline.yaml:6:61: datasets.silver.a.expect[0].references: references silver.b, which"
                        + " is not defined (did you mean silver.a?)");
    }

    @Test
    void requiresADurationForFreshness() {
        assertThat(problems(rules(
                        "- {rule: freshness, column: ts}\n      - {rule: freshness, column: ts, max_age: 1 day}")))
                .containsExactly(
                        "pipeline.yaml:6:9: datasets.silver.a.expect[0]: rule freshness needs 'max_age'"
                                + " (e.g. {rule: freshness, column: ordered_at, max_age: 24h})",
                        "pipeline.yaml:7:48: datasets.silver.a.expect[1].max_age: invalid max_age '1 day'"
                                + " (write a number and a unit s, m, h, d or w, e.g. 30m, 24h, 7d)");
    }

    @Test
    void rejectsAFieldThatDoesNotApplyToTheRule() {
        assertThat(problem(rules("- {rule: row_count, min: 1, column: id}")))
                .isEqualTo("pipeline.yaml:6:35: datasets.silver.a.expect[0].column: 'column' does not apply to rule"
                        + " row_count (rule row_count takes: min, max, max_change_pct, name, on_fail, where)");
    }

    @Test
    void rejectsQuarantineForAggregateRules() {
        assertThat(problem(rules("- {rule: row_count, min: 1, on_fail: quarantine}")))
                .isEqualTo("pipeline.yaml:6:44: datasets.silver.a.expect[0].on_fail: rule row_count cannot quarantine"
                        + " rows: it judges the dataset as a whole (use warn or fail for aggregate rules)");
    }

    @Test
    void explainsABadThreshold() {
        assertThat(problem(rules("- {rule: not_null, column: id, warn_if: 'failures > 1'}")))
                .isEqualTo("pipeline.yaml:6:47: datasets.silver.a.expect[0].warn_if: invalid threshold 'failures > 1'"
                        + " (write failed_count, failed_fraction or failed_percent, a comparison (>, >=, <, <=, ==, !=)"
                        + " and a number, e.g. 'failed_fraction > 0.01')");
    }

    @Test
    void checksAnomalyMetricsAndStrategyFields() {
        assertThat(problem(rules("- {rule: anomaly, metric: completness(email), strategy: batch_normal}")))
                .startsWith("pipeline.yaml:6:33: datasets.silver.a.expect[0].metric: unknown metric 'completness'");
        assertThat(problem(rules("- {rule: anomaly, metric: row_count, strategy: relative_rate_of_change}")))
                .isEqualTo("pipeline.yaml:6:9: datasets.silver.a.expect[0]: strategy relative_rate_of_change needs"
                        + " 'max_increase' or 'max_decrease' (e.g. {rule: anomaly, metric: row_count, strategy:"
                        + " relative_rate_of_change, max_increase: 2.0})");
        assertThat(problem(rules("- {rule: anomaly, metric: row_count, strategy: holt_winters}")))
                .isEqualTo("pipeline.yaml:6:9: datasets.silver.a.expect[0]: strategy holt_winters needs 'seasonality'"
                        + " or 'period' (seasonality: daily (a run a day, weekly cycle), weekly (a run a week, yearly"
                        + " cycle), or period: 24 (values per cycle, e.g. hourly runs with a daily cycle))");
    }

    @Test
    void allowsDropAndQuarantineForRowAndGroupedRules() {
        Pipeline pipeline = parse(
                rules(
                        "- {rule: unique, columns: [id], on_fail: drop}\n      - {rule: not_null, column: id, on_fail: quarantine}"));

        assertThat(pipeline.spec().datasets().get("silver.a").expect())
                .extracting(RuleSpec::onFail)
                .containsExactly(OnFail.DROP, OnFail.QUARANTINE);
    }

    // ---- sources ----

    @Test
    void requiresAPathForFileAndTableSources() {
        assertThat(problem("""
                        name: shop
                        sources:
                          orders_raw: {format: parquet}
                        datasets:
                          bronze.orders: {from: orders_raw}
                        """))
                .isEqualTo("pipeline.yaml:3:3: sources.orders_raw: a parquet source needs 'path'"
                        + " (e.g. path: data/orders/, relative to the pipeline file)");
    }

    @Test
    void requiresATopicForKafkaAndUrlAndTableForJdbc() {
        assertThat(problems("""
                        name: shop
                        sources:
                          events: {format: kafka}
                          customers: {format: jdbc}
                        datasets:
                          bronze.events: {from: events}
                          bronze.customers: {from: customers}
                        """))
                .containsExactly(
                        "pipeline.yaml:3:3: sources.events: a kafka source needs 'topic' (e.g. topic: orders)",
                        "pipeline.yaml:4:3: sources.customers: a jdbc source needs 'table' (e.g. table: public.orders)",
                        "pipeline.yaml:4:3: sources.customers: a jdbc source needs 'url'"
                                + " (e.g. url: jdbc:postgresql://db:5432/shop)");
    }

    @Test
    void warnsAboutASourceNoDatasetReads() {
        Pipeline pipeline = parse("""
                name: shop
                sources:
                  a: {format: csv, path: a/}
                  b: {format: csv, path: b/}
                datasets:
                  bronze.a: {from: a}
                """);

        assertThat(pipeline.warnings())
                .extracting(Problem::toString)
                .containsExactly("pipeline.yaml:4:3: warning: sources.b: source 'b' is not read by any dataset"
                        + " (read it with from: b, or remove it)");
    }

    // ---- pipeline ----

    @Test
    void rejectsAPipelineNameWithSpaces() {
        assertThat(problem("name: my shop\ndatasets: {}\n"))
                .isEqualTo("pipeline.yaml:1:7: name: invalid pipeline name 'my shop'"
                        + " (use letters, digits, '_' and '-', starting with a letter or digit)");
    }

    @Test
    void rejectsAnInvalidCronField() {
        assertThat(problem("name: shop\ndatasets: {}\nschedule: \"61 * * * MON-FRI\"\n"))
                .isEqualTo("pipeline.yaml:3:11: schedule: invalid cron expression '61 * * * MON-FRI': minute '61':"
                        + " '61' is not a number in 0-59 (minute hour day-of-month month day-of-week,"
                        + " e.g. \"0 * * * *\" runs hourly)");
    }

    @Test
    void reportsACycleAtTheFirstDatasetInIt() {
        assertThat(problem("""
                        name: shop
                        datasets:
                          silver.a: {sql: SELECT 1}
                          gold.b:
                            from: gold.c
                          gold.c:
                            sql: SELECT * FROM gold.b JOIN silver.a USING (id)
                        """))
                .isEqualTo("pipeline.yaml:5:11: datasets.gold.b.from: dataset cycle: gold.b -> gold.c -> gold.b"
                        + " (a dataset cannot read itself, directly or through others)");
    }

    @Test
    void reportsADatasetThatReadsItself() {
        assertThat(problem("name: shop\ndatasets:\n  gold.a: {sql: SELECT * FROM gold.a}\n"))
                .isEqualTo("pipeline.yaml:3:17: datasets.gold.a.sql: dataset cycle: gold.a -> gold.a"
                        + " (a dataset cannot read itself, directly or through others)");
    }

    /** A pipeline whose dataset silver.a has the given rules under expect:, the first on line 6. */
    private static String rules(String items) {
        return """
                name: shop
                datasets:
                  silver.a:
                    sql: SELECT 1 AS id
                    expect:
                      %s
                """.formatted(items);
    }
}
