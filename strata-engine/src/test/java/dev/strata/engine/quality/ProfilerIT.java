package dev.strata.engine.quality;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.strata.core.quality.RuleSuggestions;
import dev.strata.core.quality.profile.ColumnKind;
import dev.strata.core.quality.profile.ColumnProfile;
import dev.strata.core.quality.profile.DatasetProfile;
import dev.strata.core.quality.profile.PatternClass;
import dev.strata.core.quality.profile.ValueCount;
import dev.strata.core.run.RuleResult;
import dev.strata.core.run.RuleStatus;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.validate.PipelineLoader;
import dev.strata.engine.SharedSpark;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.Test;

class ProfilerIT {
    /** 200 rows: a key, a 3-value code, emails with 10% NULLs, money, dates, a small int with NULLs, UUIDs. */
    private static Dataset<Row> orders() {
        return SharedSpark.session()
                .sql("SELECT id,"
                        + " CASE id % 3 WHEN 0 THEN 'DE' WHEN 1 THEN 'FR' ELSE 'US' END AS country,"
                        + " IF(id % 10 = 0, NULL, concat('user', id, '@example.com')) AS email,"
                        + " CAST(id * 1.25 AS DECIMAL(10,2)) AS amount,"
                        + " date_add(DATE'2024-01-01', CAST(id % 30 AS INT)) AS day,"
                        + " IF(id % 50 = 0, NULL, CAST(id % 4 AS INT)) AS bucket,"
                        + " concat('123e4567-e89b-12d3-a456-', lpad(CAST(id AS STRING), 12, '0')) AS token"
                        + " FROM range(200)");
    }

    /** The rows, counting every row Spark reads from them; a pass over the data adds the row count. */
    private static Dataset<Row> counted(Dataset<Row> rows, LongAccumulator reads) {
        UDF1<Long, Boolean> read = id -> {
            reads.add(1);
            return true;
        };
        return rows.filter(udf(read, DataTypes.BooleanType).asNondeterministic().apply(col("id")));
    }

    @Test
    void profilesEveryColumnInTwoPassesOverTheRows() {
        LongAccumulator reads = SharedSpark.session().sparkContext().longAccumulator("profile reads");
        DatasetProfile profile = Profiler.profile("silver.orders", counted(orders(), reads));

        assertThat(reads.value())
                .as("statistics and value counts: two passes of 200 rows")
                .isEqualTo(400);
        assertThat(profile.rows()).isEqualTo(200);
        assertThat(profile.distinctRelativeError()).isEqualTo(0.02);
        Map<String, ColumnProfile> columns =
                profile.columns().stream().collect(Collectors.toMap(ColumnProfile::name, c -> c));
        assertThat(profile.columns().stream().map(ColumnProfile::name))
                .containsExactly("id", "country", "email", "amount", "day", "bucket", "token");

        ColumnProfile id = columns.get("id");
        assertThat(id.type()).isEqualTo("bigint");
        assertThat(id.kind()).isEqualTo(ColumnKind.INTEGRAL);
        assertThat(id.nulls()).isZero();
        assertThat(id.min()).isEqualTo("0");
        assertThat(id.max()).isEqualTo("199");
        assertThat(id.mean()).isEqualTo(99.5);
        assertThat(id.stddev()).isCloseTo(Math.sqrt((200.0 * 200 - 1) / 12), within(1e-9));
        assertThat(id.distinctEstimate()).isCloseTo(200L, withinPercentage(6));
        assertThat(id.frequencies().distinct()).isEqualTo(200);
        assertThat(id.frequencies().top())
                .as("ties are ordered by value")
                .containsExactly(
                        new ValueCount("0", 1),
                        new ValueCount("1", 1),
                        new ValueCount("10", 1),
                        new ValueCount("100", 1),
                        new ValueCount("101", 1));
        assertThat(id.frequencies().all()).isEmpty();
        assertThat(id.patterns()).as("only strings get pattern classes").isEmpty();

        ColumnProfile country = columns.get("country");
        assertThat(country.frequencies().top())
                .containsExactly(new ValueCount("DE", 67), new ValueCount("FR", 67), new ValueCount("US", 66));
        assertThat(country.frequencies().all()).containsExactly("DE", "FR", "US");
        assertThat(country.minLength()).isEqualTo(2);
        assertThat(country.maxLength()).isEqualTo(2);
        assertThat(country.soleClass()).isEqualTo(PatternClass.ALPHABETIC);

        ColumnProfile email = columns.get("email");
        assertThat(email.nulls()).isEqualTo(20);
        assertThat(email.nullFraction()).isEqualTo(0.1);
        assertThat(email.min()).isEqualTo("user101@example.com");
        assertThat(email.max()).as("'@' sorts after digits").isEqualTo("user9@example.com");
        assertThat(email.minLength()).isEqualTo(17);
        assertThat(email.maxLength()).isEqualTo(19);
        assertThat(email.patterns()).containsEntry(PatternClass.EMAIL, 180L).containsEntry(PatternClass.OTHER, 0L);
        assertThat(email.mean()).isNull();

        ColumnProfile amount = columns.get("amount");
        assertThat(amount.type()).isEqualTo("decimal(10,2)");
        assertThat(amount.min()).isEqualTo("0.00");
        assertThat(amount.max()).isEqualTo("248.75");
        assertThat(amount.mean()).isEqualTo(124.375);
        assertThat(amount.stddev()).isCloseTo(1.25 * Math.sqrt((200.0 * 200 - 1) / 12), within(1e-9));

        ColumnProfile day = columns.get("day");
        assertThat(day.kind()).isEqualTo(ColumnKind.DATE);
        assertThat(day.min()).isEqualTo("2024-01-01");
        assertThat(day.max()).isEqualTo("2024-01-30");
        assertThat(day.frequencies().distinct()).isEqualTo(30);

        ColumnProfile bucket = columns.get("bucket");
        assertThat(bucket.nulls()).isEqualTo(4);
        assertThat(bucket.frequencies().all()).containsExactly("0", "1", "2", "3");

        assertThat(columns.get("token").soleClass()).isEqualTo(PatternClass.UUID);
    }

    @Test
    void suggestsRulesThatParseAndHoldOnTheSameRows() {
        Dataset<Row> rows = orders();
        DatasetProfile profile = Profiler.profile("silver.orders", rows);
        List<RuleSpec> rules = Profiler.suggest(rows, profile);

        assertThat(rules.stream().map(RuleSpec::displayName))
                .containsExactly(
                        "row_count",
                        "not_null(id)",
                        "unique(id)",
                        "between(id)",
                        "not_null(country)",
                        "in_set(country)",
                        "unique(email)",
                        "length(email)",
                        "regex(email)",
                        "completeness(email)",
                        "not_null(amount)",
                        "unique(amount)",
                        "between(amount)",
                        "not_null(day)",
                        "in_set(bucket)",
                        "completeness(bucket)",
                        "not_null(token)",
                        "unique(token)",
                        "length(token)",
                        "regex(token)");

        String pipeline = "name: shop\n"
                + "datasets:\n"
                + "  silver.orders:\n"
                + "    sql: SELECT 1 AS id\n"
                + "    expect:\n"
                + RuleSuggestions.yaml(rules)
                        .lines()
                        .map(line -> "    " + line)
                        .collect(Collectors.joining("\n", "", "\n"));
        List<RuleSpec> parsed = PipelineLoader.parse(pipeline, Path.of("/p/pipeline.yaml"), Map.of())
                .spec()
                .datasets()
                .get("silver.orders")
                .expect();
        assertThat(parsed.stream().map(RuleSpec::displayName))
                .containsExactlyElementsOf(
                        rules.stream().map(RuleSpec::displayName).toList());
        List<RuleResult> results = QualityCheck.evaluate(rows, parsed).rules();
        assertThat(results)
                .as("every suggested rule, read back from YAML, holds on the rows it was suggested for")
                .hasSize(rules.size())
                .allSatisfy(result -> assertThat(result.status())
                        .as(result.name() + ": " + result.message())
                        .isEqualTo(RuleStatus.PASSED));
        assertThat(results.stream().mapToLong(RuleResult::failed).sum()).isZero();
    }

    @Test
    void highCardinalityColumnsGetNoValueCountsAndUniqueIsCountedExactly() {
        LongAccumulator reads = SharedSpark.session().sparkContext().longAccumulator("high cardinality reads");
        Dataset<Row> rows = counted(
                SharedSpark.session().sql("SELECT id, IF(id = 1, 0, id) AS near, id % 750 AS pair FROM range(1500)"),
                reads);

        DatasetProfile profile = Profiler.profile("bronze.events", rows);
        ColumnProfile id = profile.columns().get(0);
        assertThat(id.highCardinality()).isTrue();
        assertThat(id.frequencies()).isNull();
        assertThat(id.distinctEstimate()).isCloseTo(1500L, withinPercentage(6));
        ColumnProfile pair = profile.columns().get(2);
        assertThat(pair.highCardinality()).isFalse();
        assertThat(pair.frequencies().distinct()).isEqualTo(750);
        assertThat(pair.frequencies().top()).extracting(ValueCount::count).containsExactly(2L, 2L, 2L, 2L, 2L);
        assertThat(reads.value())
                .as("statistics, then value counts of pair only")
                .isEqualTo(3000);

        assertThat(RuleSuggestions.uniqueCandidates(profile)).containsExactly("id", "near");
        List<RuleSpec> rules = Profiler.suggest(rows, profile);
        assertThat(reads.value())
                .as("one exact distinct count for both candidates")
                .isEqualTo(4500);
        assertThat(rules.stream().map(RuleSpec::displayName))
                .containsExactly(
                        "row_count",
                        "not_null(id)",
                        "unique(id)",
                        "between(id)",
                        "not_null(near)",
                        "between(near)",
                        "not_null(pair)",
                        "between(pair)");
    }
}
