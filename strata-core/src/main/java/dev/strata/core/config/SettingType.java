package dev.strata.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the text of one setting becomes a typed value, as Kafka's {@code ConfigDef.Type} does: a name for the docs, what
 * a valid value looks like (for messages), and the parser, which throws {@link IllegalArgumentException} on bad text.
 *
 * @param name what the docs call the type
 * @param expected what to set instead of a bad value, as in "NAME=value is not valid (set {@code expected})"
 * @param parser text to value; text is never null nor blank
 * @param <T> the value's Java type
 */
public record SettingType<T>(String name, String expected, Function<String, T> parser) {
    /** {@code 7d}, {@code 90s}: a whole number and one of s, m, h, d or w. */
    public static final Pattern DURATION_SYNTAX = Pattern.compile("^([0-9]+)([smhdw])$");

    /** Text as written, white space included (tokens, secrets). */
    public static final SettingType<String> STRING = new SettingType<>("string", "a text", text -> text);

    /** Text without surrounding white space. */
    public static final SettingType<String> TEXT = new SettingType<>("string", "a text", String::strip);

    public static final SettingType<Integer> INTEGER =
            new SettingType<>("integer", "a whole number", text -> Integer.parseInt(text.trim()));

    /** {@code true} (any case) is true, anything else false, as {@link Boolean#parseBoolean} reads it. */
    public static final SettingType<Boolean> BOOLEAN =
            new SettingType<>("boolean", "true or false", text -> Boolean.parseBoolean(text.strip()));

    public static final SettingType<Duration> DURATION =
            new SettingType<>("duration", "a duration such as 90s, 15m or 2h", SettingType::duration);

    public static final SettingType<Path> PATH = new SettingType<>("path", "a path", text -> Path.of(text.strip()));

    /** Comma-separated items, each stripped, empty ones dropped. */
    public static final SettingType<List<String>> LIST = new SettingType<>(
            "list",
            "comma-separated values",
            text -> Arrays.stream(text.split(","))
                    .map(String::strip)
                    .filter(part -> !part.isEmpty())
                    .toList());

    /** Text a part parses itself (e.g. with a class core cannot see); {@code expected} is shown when it fails. */
    public static SettingType<String> text(String name, String expected) {
        return new SettingType<>(name, expected, String::strip);
    }

    /** One of {@code values}, exactly. */
    public static SettingType<String> oneOf(String... values) {
        List<String> allowed = List.of(values);
        return new SettingType<>("one of " + String.join(", ", values), String.join(" or ", values), text -> {
            if (!allowed.contains(text)) {
                throw new IllegalArgumentException("not one of " + allowed);
            }
            return text;
        });
    }

    /** The value {@code text} stands for; throws {@link IllegalArgumentException} when it stands for none. */
    public T parse(String text) {
        return parser.apply(text);
    }

    /** Parses {@link #DURATION_SYNTAX}; the message names the bad text and the syntax. */
    public static Duration duration(String text) {
        Matcher matcher = DURATION_SYNTAX.matcher(text == null ? "" : text.trim());
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
