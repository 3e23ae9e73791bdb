package dev.strata.core.spec;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as pipeline files write them: a whole number and a unit, {@code 30s}, {@code 15m}, {@code 48h}, {@code 7d}, {@code 2w}. */
public final class Durations {
    /** The syntax of a duration: a whole number and one of the units s, m, h, d, w. */
    public static final Pattern SYNTAX = Pattern.compile("^([0-9]+)([smhdw])$");

    private Durations() {}

    /** The duration, or an IllegalArgumentException that says the syntax. */
    public static Duration parse(String text) {
        Matcher matcher = SYNTAX.matcher(text == null ? "" : text.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException(
                    "invalid duration '" + text + "' (a number and a unit: s, m, h, d or w, e.g. 7d)");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofDays(7 * amount);
        };
    }
}
