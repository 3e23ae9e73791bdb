package dev.strata.core.validate;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The syntax of a 5-field cron expression (minute hour day-of-month month day-of-week): numbers, {@code *}, ranges,
 * lists, steps, and names such as {@code MON} or {@code JAN}.
 */
final class CronSyntax {
    private record Field(String name, int min, int max, List<String> names, int namesFrom) {}

    private static final List<String> MONTHS =
            List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

    private static final List<Field> FIELDS = List.of(
            new Field("minute", 0, 59, List.of(), 0),
            new Field("hour", 0, 23, List.of(), 0),
            new Field("day-of-month", 1, 31, List.of(), 0),
            new Field("month", 1, 12, MONTHS, 1),
            new Field("day-of-week", 0, 7, DAYS, 0));

    private CronSyntax() {}

    /** What is wrong with the expression, or empty when it is well-formed. */
    static Optional<String> check(String expression) {
        String[] parts = expression.trim().split("\\s+");
        if (expression.isBlank() || parts.length != FIELDS.size()) {
            return Optional.of("expected 5 fields, got " + (expression.isBlank() ? 0 : parts.length));
        }
        for (int i = 0; i < parts.length; i++) {
            Optional<String> problem = checkField(parts[i], FIELDS.get(i));
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> checkField(String text, Field field) {
        for (String item : text.split(",", -1)) {
            String range = item;
            int slash = item.indexOf('/');
            if (slash >= 0) {
                String step = item.substring(slash + 1);
                range = item.substring(0, slash);
                if (!step.matches("[0-9]+") || Integer.parseInt(step) == 0) {
                    return invalid(field, item, "step '" + step + "' is not a positive number");
                }
            }
            if (range.equals("*")) {
                continue;
            }
            String[] bounds = range.split("-", -1);
            if (bounds.length > 2) {
                return invalid(field, item, "a range has one '-'");
            }
            Integer low = null;
            for (String bound : bounds) {
                Optional<Integer> value = value(bound, field);
                if (value.isEmpty()) {
                    return invalid(
                            field,
                            item,
                            "'" + bound + "' is not a number in " + field.min() + "-" + field.max()
                                    + (field.names().isEmpty()
                                            ? ""
                                            : " or a name like " + field.names().get(1)));
                }
                if (low != null && value.get() < low) {
                    return invalid(field, item, "the range runs backwards");
                }
                low = value.get();
            }
        }
        return Optional.empty();
    }

    private static Optional<Integer> value(String text, Field field) {
        if (text.matches("[0-9]{1,2}")) {
            int number = Integer.parseInt(text);
            return number >= field.min() && number <= field.max() ? Optional.of(number) : Optional.empty();
        }
        int index = field.names().indexOf(text.toUpperCase(Locale.ROOT));
        return index < 0 ? Optional.empty() : Optional.of(index + field.namesFrom());
    }

    private static Optional<String> invalid(Field field, String item, String reason) {
        return Optional.of(field.name() + " '" + item + "': " + reason);
    }
}
