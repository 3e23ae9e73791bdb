package dev.strata.core.quality.profile;

import java.util.List;

/**
 * Exact value counts of a column with few distinct values.
 *
 * @param distinct the exact number of distinct non-null values
 * @param top the most frequent values, most frequent first (ties by value), at most {@link #TOP}
 * @param all every distinct value, sorted, when there are at most {@link #ALL_UP_TO}; otherwise empty
 */
public record Frequencies(long distinct, List<ValueCount> top, List<String> all) {
    /** How many top values a profile shows. */
    public static final int TOP = 5;
    /** Up to this many distinct values, a profile lists them all. */
    public static final int ALL_UP_TO = 10;

    public Frequencies {
        top = List.copyOf(top);
        all = List.copyOf(all);
    }

    /** Whether {@link #all()} is the complete list of values. */
    public boolean complete() {
        return distinct <= ALL_UP_TO && all.size() == distinct;
    }
}
