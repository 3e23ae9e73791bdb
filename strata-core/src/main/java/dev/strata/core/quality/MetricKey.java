package dev.strata.core.quality;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A metric's name as users write it and the history stores it: a metric and what it is about, e.g. {@code row_count},
 * {@code completeness(email)}, {@code uniqueness(order_id,line)}, {@code pass_rate(not_null(order_id))}.
 */
public record MetricKey(String metric, String subject) {
    /**
     * Metrics over the whole batch; they take no subject. {@code row_count} counts the rows written, {@code rows_in}
     * the rows read.
     */
    public static final Set<String> BATCH_METRICS = Set.of("row_count", "rows_in", "rows_quarantined", "rows_dropped");
    /** Metrics of one column, or of several for uniqueness, distinctness and distinct_count. */
    public static final Set<String> COLUMN_METRICS = Set.of(
            "completeness",
            "null_count",
            "distinct_count",
            "uniqueness",
            "distinctness",
            "min",
            "max",
            "mean",
            "stddev",
            "sum");
    /** Metrics of one rule, named by the rule's display name. */
    public static final Set<String> RULE_METRICS = Set.of("pass_rate", "failed_count", "value", "subset_ratio");

    public MetricKey {
        requireNonNull(metric, "metric is null");
        subject = subject == null || subject.isEmpty() ? null : subject;
    }

    public static MetricKey of(String metric) {
        return new MetricKey(metric, null);
    }

    public static MetricKey of(String metric, String subject) {
        return new MetricKey(metric, subject);
    }

    public static MetricKey of(String metric, List<String> columns) {
        return new MetricKey(metric, String.join(",", columns));
    }

    /**
     * Parses {@code name} or {@code name(subject)}, where the subject may itself hold parentheses. A column metric's
     * columns keep their own spaces ({@code mean(my column)}) and may be quoted with backticks ({@code mean(`a,b`)});
     * spaces after commas are dropped ({@code uniqueness(a, b)}). A rule metric's subject is the rule's name as it is.
     * Throws an IllegalArgumentException naming the known metrics when the name is not one.
     */
    public static MetricKey parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        int open = trimmed.indexOf('(');
        String metric = (open < 0 ? trimmed : trimmed.substring(0, open)).trim();
        String subject = null;
        if (open >= 0) {
            if (!trimmed.endsWith(")")
                    || trimmed.substring(open + 1, trimmed.length() - 1).isBlank()) {
                throw new IllegalArgumentException("invalid metric '" + text + "': expected name(column)");
            }
            subject = trimmed.substring(open + 1, trimmed.length() - 1).trim();
            if (COLUMN_METRICS.contains(metric)) {
                subject = columns(subject);
            }
        }
        if (BATCH_METRICS.contains(metric)) {
            if (subject != null) {
                throw new IllegalArgumentException("metric " + metric + " takes no column");
            }
        } else if (COLUMN_METRICS.contains(metric) || RULE_METRICS.contains(metric)) {
            if (subject == null) {
                throw new IllegalArgumentException(
                        "metric " + metric + " needs a " + (RULE_METRICS.contains(metric) ? "rule" : "column")
                                + ", e.g. " + metric + (RULE_METRICS.contains(metric) ? "(not_null(id))" : "(email)"));
            }
        } else {
            throw new IllegalArgumentException("unknown metric '" + metric + "' (known: " + known() + ")");
        }
        return new MetricKey(metric, subject);
    }

    /** Columns as the store names them: each unquoted from backticks, joined by commas without spaces. */
    private static String columns(String subject) {
        List<String> columns = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < subject.length(); i++) {
            char c = subject.charAt(i);
            if (c == '`') {
                if (quoted && i + 1 < subject.length() && subject.charAt(i + 1) == '`') {
                    current.append('`');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == ',' && !quoted) {
                columns.add(current.toString().trim());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        columns.add(current.toString().trim());
        return String.join(",", columns);
    }

    /** The metric names, sorted, for hints. */
    public static String known() {
        return String.join(
                ", ",
                Arrays.stream(new Set<?>[] {BATCH_METRICS, COLUMN_METRICS, RULE_METRICS})
                        .flatMap(Set::stream)
                        .map(Object::toString)
                        .sorted()
                        .toList());
    }

    @Override
    public String toString() {
        return subject == null ? metric : metric + "(" + subject + ")";
    }
}
