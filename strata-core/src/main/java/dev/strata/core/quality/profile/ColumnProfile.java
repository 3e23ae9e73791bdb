package dev.strata.core.quality.profile;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What one column of a dataset holds. Statistics that do not apply to the column's {@link ColumnKind} are null.
 *
 * @param type the Spark SQL type, e.g. {@code decimal(12,2)}
 * @param distinctEstimate HyperLogLog++ estimate of the distinct non-null values (see {@link
 *     DatasetProfile#distinctRelativeError()}); null for complex types
 * @param min smallest value as text (numbers plain, dates and timestamps ISO); null for unordered types or no values
 * @param minLength shortest string, in characters (strings only)
 * @param mean arithmetic mean (numbers only)
 * @param stddev population standard deviation (numbers only)
 * @param frequencies exact value counts when the estimate is small; null when the column has high cardinality or a
 *     complex type
 * @param patterns how many non-null values fall in each {@link PatternClass} (strings only; empty otherwise)
 */
public record ColumnProfile(
        String name,
        String type,
        ColumnKind kind,
        long rows,
        long nulls,
        Long distinctEstimate,
        String min,
        String max,
        Integer minLength,
        Integer maxLength,
        Double mean,
        Double stddev,
        Frequencies frequencies,
        Map<PatternClass, Long> patterns) {

    public ColumnProfile {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        requireNonNull(kind, "kind is null");
        if (nulls < 0 || nulls > rows) {
            throw new IllegalArgumentException("nulls " + nulls + " not within 0.." + rows + " rows");
        }
        Map<PatternClass, Long> ordered = new EnumMap<>(PatternClass.class);
        if (patterns != null) {
            ordered.putAll(patterns);
        }
        patterns = Collections.unmodifiableMap(ordered);
    }

    /** Rows with a value. */
    public long nonNulls() {
        return rows - nulls;
    }

    /** The share of rows that are NULL, 0..1; 0 for an empty dataset. */
    @JsonProperty("null_fraction")
    public double nullFraction() {
        return rows == 0 ? 0 : (double) nulls / rows;
    }

    /** Whether values were too many distinct ones to count each (distinct estimate above the profiler's limit). */
    @JsonProperty("high_cardinality")
    public boolean highCardinality() {
        return frequencies == null && distinctEstimate != null;
    }

    /** The one pattern class all non-null values fall in, if there is one. */
    public PatternClass soleClass() {
        long values = nonNulls();
        if (values == 0) {
            return null;
        }
        return patterns.entrySet().stream()
                .filter(e -> e.getValue() == values)
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(null);
    }
}
