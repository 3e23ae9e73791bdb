package dev.strata.core.spec;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.text.similarity.LevenshteinDistance;

/** "Did you mean …?" for misspelt keys, values and names. */
public final class Suggestions {
    /** Words users bring from other tools, and ours for them. */
    private static final Map<String, String> SYNONYMS = Map.ofEntries(
            Map.entry("upsert", "merge"),
            Map.entry("insert", "append"),
            Map.entry("replace", "overwrite"),
            Map.entry("truncate", "overwrite"),
            Map.entry("scd", "scd2"),
            Map.entry("type2", "scd2"),
            Map.entry("remove", "delete"),
            Map.entry("error", "fail"),
            Map.entry("abort", "fail"),
            Map.entry("skip", "drop"),
            Map.entry("warning", "warn"),
            Map.entry("log", "warn"),
            Map.entry("ndjson", "json"),
            Map.entry("jsonl", "json"),
            Map.entry("postgres", "jdbc"),
            Map.entry("postgresql", "jdbc"),
            Map.entry("mysql", "jdbc"),
            Map.entry("accepted_values", "in_set"),
            Map.entry("relationships", "references"),
            Map.entry("range", "between"),
            Map.entry("pattern", "regex"),
            Map.entry("required", "not_null"),
            Map.entry("deduplicate", "dedupe"),
            Map.entry("distinct", "dedupe"),
            Map.entry("where", "filter"),
            Map.entry("with_column", "derive"),
            Map.entry("columns", "select"),
            Map.entry("datetime", "timestamp"),
            Map.entry("float", "number"),
            Map.entry("double", "number"),
            Map.entry("decimal", "number"),
            Map.entry("long", "int"),
            Map.entry("text", "string"));

    private Suggestions() {}

    /**
     * The candidate closest to {@code input}, if it is close enough to be a likely typo: an edit distance of at most 2
     * (1 for inputs of up to 4 characters), ignoring case, or one containing the other.
     */
    public static Optional<String> closest(String input, Collection<String> candidates) {
        if (input == null || input.isEmpty()) {
            return Optional.empty();
        }
        String needle = input.toLowerCase(Locale.ROOT);
        String synonym = SYNONYMS.get(needle);
        if (synonym != null && candidates.contains(synonym)) {
            return Optional.of(synonym);
        }
        int limit = needle.length() <= 4 ? 1 : 2;
        LevenshteinDistance distance = new LevenshteinDistance(limit);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            String hay = candidate.toLowerCase(Locale.ROOT);
            int d = distance.apply(needle, hay);
            if (d < 0 && needle.length() >= 3 && (hay.startsWith(needle) || needle.startsWith(hay))) {
                d = limit; // a prefix, e.g. 'dedup' for 'dedupe', or 'order' for 'orders'
            }
            if (d >= 0 && d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** {@code did you mean 'x'?} for the closest candidate, quoted as the caller quotes names. */
    public static Optional<String> didYouMean(String input, Collection<String> candidates, boolean quote) {
        return closest(input, candidates).map(c -> "did you mean " + (quote ? "'" + c + "'" : c) + "?");
    }
}
