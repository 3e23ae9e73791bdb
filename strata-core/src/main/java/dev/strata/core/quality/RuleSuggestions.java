package dev.strata.core.quality;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.strata.core.quality.profile.ColumnKind;
import dev.strata.core.quality.profile.ColumnProfile;
import dev.strata.core.quality.profile.DatasetProfile;
import dev.strata.core.quality.profile.Frequencies;
import dev.strata.core.quality.profile.PatternClass;
import dev.strata.core.spec.NullHandling;
import dev.strata.core.spec.OnFail;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.RuleType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Quality rules a profiled dataset satisfies today, for {@code strata profile --suggest}. Every rule holds on the
 * profiled rows exactly: no rule rests on an estimate. Value rules (in_set, between, length, regex) fail NULLs, so on a
 * column with NULLs they get {@code where: "<column> IS NOT NULL"}, and completeness covers the NULLs.
 */
public final class RuleSuggestions {
    /** How many standard errors below the row count a distinct estimate may be and still hint at a unique column. */
    private static final double UNIQUE_CANDIDATE_ERRORS = 3;

    private static final Pattern PLAIN_IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<PatternClass> SUGGESTED_CLASSES = Set.of(
            PatternClass.INTEGER,
            PatternClass.DECIMAL,
            PatternClass.ISO_DATE,
            PatternClass.ISO_TIMESTAMP,
            PatternClass.UUID,
            PatternClass.EMAIL,
            PatternClass.ALPHABETIC,
            PatternClass.ALPHANUMERIC);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                    .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR))
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private RuleSuggestions() {}

    /**
     * Columns whose distinct estimate is close enough to their non-null count that every value may be distinct; the
     * engine counts their distinct values exactly before {@link #suggest} may call them unique. Columns with {@link
     * Frequencies} are not candidates: their distinct count is already exact.
     */
    public static List<String> uniqueCandidates(DatasetProfile profile) {
        double tolerance = 1 - UNIQUE_CANDIDATE_ERRORS * profile.distinctRelativeError();
        return profile.columns().stream()
                .filter(RuleSuggestions::suggestible)
                .filter(c -> c.frequencies() == null && c.distinctEstimate() != null && c.nonNulls() > 1)
                .filter(c -> c.distinctEstimate() >= tolerance * c.nonNulls())
                .map(ColumnProfile::name)
                .toList();
    }

    /**
     * The rules the profiled rows satisfy: row_count first, then per column not_null, unique (for columns in {@code
     * uniqueColumns}, whose distinct values were counted exactly, or whose exact {@link Frequencies} say so), in_set,
     * or else between / length and regex, and completeness.
     */
    public static List<RuleSpec> suggest(DatasetProfile profile, Set<String> uniqueColumns) {
        List<RuleSpec> rules = new ArrayList<>();
        if (profile.rows() > 0) {
            rules.add(RuleSpec.builder(RuleType.ROW_COUNT).min(1).build());
        }
        for (ColumnProfile column : profile.columns()) {
            if (suggestible(column) && column.nonNulls() > 0) {
                Frequencies exact = column.frequencies();
                boolean unique = column.nonNulls() > 1
                        && (uniqueColumns.contains(column.name())
                                || (exact != null && exact.distinct() == column.nonNulls()));
                suggest(column, unique, rules);
            }
        }
        return List.copyOf(rules);
    }

    private static void suggest(ColumnProfile column, boolean unique, List<RuleSpec> rules) {
        String name = column.name();
        String notNull = column.nulls() == 0 ? null : quoted(name) + " IS NOT NULL";
        if (column.nulls() == 0) {
            rules.add(RuleSpec.builder(RuleType.NOT_NULL).column(name).build());
        }
        if (unique) {
            rules.add(RuleSpec.builder(RuleType.UNIQUE).column(name).build());
        }
        Frequencies frequencies = column.frequencies();
        boolean enumerable = column.kind() == ColumnKind.STRING || column.kind() == ColumnKind.INTEGRAL;
        if (enumerable && frequencies != null && frequencies.complete() && !unique) {
            List<Object> values = new ArrayList<>();
            for (String value : frequencies.all()) {
                values.add(column.kind() == ColumnKind.INTEGRAL ? (Object) Long.valueOf(value) : value);
            }
            rules.add(RuleSpec.builder(RuleType.IN_SET)
                    .column(name)
                    .values(values)
                    .where(notNull)
                    .build());
        } else if (column.kind().numeric()) {
            BigDecimal min = decimal(column.min());
            BigDecimal max = decimal(column.max());
            if (min != null && max != null) {
                rules.add(RuleSpec.builder(RuleType.BETWEEN)
                        .column(name)
                        .min(min)
                        .max(max)
                        .where(notNull)
                        .build());
            }
        } else if (column.kind() == ColumnKind.STRING) {
            rules.add(RuleSpec.builder(RuleType.LENGTH)
                    .column(name)
                    .min(column.minLength())
                    .max(column.maxLength())
                    .where(notNull)
                    .build());
            PatternClass shape = column.soleClass();
            if (shape != null && SUGGESTED_CLASSES.contains(shape)) {
                rules.add(RuleSpec.builder(RuleType.REGEX)
                        .column(name)
                        .pattern(shape.pattern())
                        .where(notNull)
                        .build());
            }
        }
        if (column.nulls() > 0) {
            BigDecimal observed = BigDecimal.valueOf(column.nonNulls())
                    .divide(BigDecimal.valueOf(column.rows()), 2, RoundingMode.FLOOR);
            if (observed.signum() > 0) {
                rules.add(RuleSpec.builder(RuleType.COMPLETENESS)
                        .column(name)
                        .min(observed)
                        .build());
            }
        }
    }

    /**
     * The rules as a YAML list, ready to paste under a dataset's {@code expect:}; fields left at their defaults
     * ({@code on_fail: warn}, {@code strict: false}) are omitted.
     */
    public static String yaml(List<RuleSpec> rules) {
        try {
            return YAML.writeValueAsString(tree(rules));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write rules as YAML: " + e.getMessage(), e);
        }
    }

    /** The rules as a list of objects with the pipeline file's keys, as {@link #yaml} writes them. */
    public static ArrayNode tree(List<RuleSpec> rules) {
        ArrayNode list = YAML.createArrayNode();
        for (RuleSpec rule : rules) {
            ObjectNode fields = YAML.valueToTree(rule);
            List<String> unset = new ArrayList<>();
            fields.fields().forEachRemaining(f -> {
                if (f.getValue().isNull()
                        || (f.getValue().isContainerNode() && f.getValue().isEmpty())) {
                    unset.add(f.getKey());
                }
            });
            fields.remove(unset);
            if (rule.onFail() == OnFail.WARN) {
                fields.remove("on_fail");
            }
            if (!rule.strict()) {
                fields.remove("strict");
            }
            if (rule.strictMin().equals(rule.strict())) {
                fields.remove("strict_min");
            }
            if (rule.strictMax().equals(rule.strict())) {
                fields.remove("strict_max");
            }
            if (rule.nulls() == NullHandling.FAIL) {
                fields.remove("nulls");
            }
            list.add(fields);
        }
        return list;
    }

    /** Strata's own columns (_run_id, _ingested_at, _source_file, _valid_from, …) change with every run. */
    private static boolean suggestible(ColumnProfile column) {
        return !column.name().startsWith("_") && column.kind() != ColumnKind.COMPLEX;
    }

    /** A finite number, or null for NaN, infinities and no value. */
    private static BigDecimal decimal(String number) {
        if (number == null) {
            return null;
        }
        try {
            return new BigDecimal(number);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String quoted(String column) {
        return PLAIN_IDENTIFIER.matcher(column).matches() ? column : "`" + column.replace("`", "``") + "`";
    }
}
