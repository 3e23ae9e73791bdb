package dev.strata.core.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.quality.profile.ColumnKind;
import dev.strata.core.quality.profile.ColumnProfile;
import dev.strata.core.quality.profile.DatasetProfile;
import dev.strata.core.quality.profile.Frequencies;
import dev.strata.core.quality.profile.PatternClass;
import dev.strata.core.quality.profile.ValueCount;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.RuleType;
import dev.strata.core.validate.PipelineLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RuleSuggestionsTest {
    /** 200 rows; the columns cover every kind of suggestion, and every reason to hold one back. */
    private static final DatasetProfile PROFILE = new DatasetProfile(
            "silver.orders",
            200,
            0.02,
            List.of(
                    new ColumnProfile(
                            "id",
                            "bigint",
                            ColumnKind.INTEGRAL,
                            200,
                            0,
                            197L,
                            "1",
                            "200",
                            null,
                            null,
                            100.5,
                            57.7,
                            null,
                            null),
                    new ColumnProfile(
                            "country",
                            "string",
                            ColumnKind.STRING,
                            200,
                            0,
                            3L,
                            "DE",
                            "US",
                            2,
                            2,
                            null,
                            null,
                            new Frequencies(
                                    3,
                                    List.of(
                                            new ValueCount("DE", 67),
                                            new ValueCount("FR", 67),
                                            new ValueCount("US", 66)),
                                    List.of("DE", "FR", "US")),
                            Map.of(PatternClass.ALPHABETIC, 200L)),
                    new ColumnProfile(
                            "email",
                            "string",
                            ColumnKind.STRING,
                            200,
                            20,
                            176L,
                            "a@x.io",
                            "z@x.io",
                            6,
                            24,
                            null,
                            null,
                            null,
                            Map.of(PatternClass.EMAIL, 180L)),
                    new ColumnProfile(
                            "answer",
                            "string",
                            ColumnKind.STRING,
                            200,
                            0,
                            4L,
                            "007",
                            "yes",
                            2,
                            4,
                            null,
                            null,
                            new Frequencies(4, List.of(), List.of("007", "no", "null", "yes")),
                            Map.of(PatternClass.INTEGER, 50L, PatternClass.ALPHABETIC, 150L)),
                    new ColumnProfile(
                            "ship code",
                            "int",
                            ColumnKind.INTEGRAL,
                            200,
                            1,
                            2L,
                            "3",
                            "5",
                            null,
                            null,
                            4.0,
                            1.0,
                            new Frequencies(2, List.of(), List.of("3", "5")),
                            null),
                    new ColumnProfile(
                            "score",
                            "double",
                            ColumnKind.FRACTIONAL,
                            200,
                            0,
                            150L,
                            "-1.5",
                            "NaN",
                            null,
                            null,
                            null,
                            null,
                            null,
                            null),
                    new ColumnProfile(
                            "amount",
                            "decimal(12,2)",
                            ColumnKind.FRACTIONAL,
                            200,
                            190,
                            10L,
                            "0.50",
                            "99.00",
                            null,
                            null,
                            20.0,
                            3.0,
                            new Frequencies(10, List.of(), List.of()),
                            null),
                    new ColumnProfile(
                            "nothing",
                            "string",
                            ColumnKind.STRING,
                            200,
                            200,
                            0L,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            new Frequencies(0, List.of(), List.of()),
                            Map.of()),
                    new ColumnProfile(
                            "_run_id",
                            "string",
                            ColumnKind.STRING,
                            200,
                            0,
                            1L,
                            "r1",
                            "r1",
                            2,
                            2,
                            null,
                            null,
                            new Frequencies(1, List.of(), List.of("r1")),
                            Map.of(PatternClass.ALPHANUMERIC, 200L)),
                    new ColumnProfile(
                            "tags",
                            "array<string>",
                            ColumnKind.COMPLEX,
                            200,
                            0,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null)));

    @Test
    void uniqueCandidatesAreColumnsWithoutExactCountsWhoseEstimateIsWithinThreeErrors() {
        assertThat(RuleSuggestions.uniqueCandidates(PROFILE))
                .as("id: 197 >= 0.94 * 200, email: 176 >= 0.94 * 180; score: 150 < 188; amount: exact counts known")
                .containsExactly("id", "email");
    }

    @Test
    void suggestsOnlyRulesTheProfiledRowsSatisfy() {
        List<RuleSpec> rules = RuleSuggestions.suggest(PROFILE, Set.of("id"));

        assertThat(rules.stream().map(RuleSpec::displayName))
                .containsExactly(
                        "row_count",
                        "not_null(id)",
                        "unique(id)",
                        "between(id)",
                        "not_null(country)",
                        "in_set(country)",
                        "length(email)",
                        "regex(email)",
                        "completeness(email)",
                        "not_null(answer)",
                        "in_set(answer)",
                        "in_set(ship code)",
                        "completeness(ship code)",
                        "not_null(score)",
                        "unique(amount)",
                        "between(amount)",
                        "completeness(amount)");
    }

    @Test
    void writesYamlThatReadsBackAsTheSameRules() {
        List<RuleSpec> rules = RuleSuggestions.suggest(PROFILE, Set.of("id"));
        String yaml = RuleSuggestions.yaml(rules);

        assertThat(yaml).isEqualTo("""
                          - rule: row_count
                            min: 1
                          - rule: not_null
                            column: id
                          - rule: unique
                            column: id
                          - rule: between
                            column: id
                            min: 1
                            max: 200
                          - rule: not_null
                            column: country
                          - rule: in_set
                            column: country
                            values:
                              - DE
                              - FR
                              - US
                          - rule: length
                            column: email
                            where: email IS NOT NULL
                            min: 6
                            max: 24
                          - rule: regex
                            column: email
                            where: email IS NOT NULL
                            pattern: "^[^@\\\\s]+@[^@\\\\s]+\\\\.[^@\\\\s]+$"
                          - rule: completeness
                            column: email
                            min: 0.9
                          - rule: not_null
                            column: answer
                          - rule: in_set
                            column: answer
                            values:
                              - "007"
                              - "no"
                              - "null"
                              - "yes"
                          - rule: in_set
                            column: ship code
                            where: '`ship code` IS NOT NULL'
                            values:
                              - 3
                              - 5
                          - rule: completeness
                            column: ship code
                            min: 0.99
                          - rule: not_null
                            column: score
                          - rule: unique
                            column: amount
                          - rule: between
                            column: amount
                            where: amount IS NOT NULL
                            min: 0.5
                            max: 99
                          - rule: completeness
                            column: amount
                            min: 0.05
                        """);

        Pipeline pipeline = PipelineLoader.parse(
                "name: shop\n"
                        + "datasets:\n"
                        + "  silver.orders:\n"
                        + "    sql: SELECT 1 AS id\n"
                        + "    expect:\n"
                        + yaml.lines().map(line -> "      " + line).collect(Collectors.joining("\n", "", "\n")),
                Path.of("/p/pipeline.yaml"),
                Map.of());
        List<RuleSpec> read = pipeline.spec().datasets().get("silver.orders").expect();
        assertThat(read.stream().map(RuleSuggestionsTest::fields))
                .containsExactlyElementsOf(
                        rules.stream().map(RuleSuggestionsTest::fields).toList());
        RuleSpec answers = read.stream()
                .filter(r -> r.displayName().equals("in_set(answer)"))
                .findFirst()
                .orElseThrow();
        assertThat(answers.values())
                .as("strings that look like numbers, booleans and null stay strings")
                .containsExactly("007", "no", "null", "yes");
        assertThat(read.stream()
                        .filter(r -> r.rule() == RuleType.IN_SET)
                        .skip(2)
                        .findFirst()
                        .orElseThrow()
                        .values())
                .containsExactly(3, 5);
    }

    @Test
    void anEmptyDatasetGetsNoRules() {
        DatasetProfile empty = new DatasetProfile(
                "bronze.none",
                0,
                0.02,
                List.of(new ColumnProfile(
                        "id",
                        "bigint",
                        ColumnKind.INTEGRAL,
                        0,
                        0,
                        0L,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        new Frequencies(0, List.of(), List.of()),
                        null)));

        assertThat(RuleSuggestions.suggest(empty, Set.of())).isEmpty();
        assertThat(RuleSuggestions.yaml(List.of())).isEqualTo("[]\n");
    }

    /** What a rule checks, with numbers compared by value (YAML writes 99.00 as 99) and values as text. */
    private static List<String> fields(RuleSpec rule) {
        return List.of(
                rule.displayName(),
                String.valueOf(rule.where()),
                String.valueOf(rule.pattern()),
                rule.min() == null ? "-" : rule.min().stripTrailingZeros().toPlainString(),
                rule.max() == null ? "-" : rule.max().stripTrailingZeros().toPlainString(),
                rule.values().toString());
    }
}
