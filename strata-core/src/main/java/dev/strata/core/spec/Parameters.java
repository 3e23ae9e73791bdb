package dev.strata.core.spec;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Run parameters: the names a pipeline may declare, whether a value fits its {@link ParameterSpec}, and the values of a
 * run request. Pure functions, used by the CLI and by the server before it starts a run.
 */
public final class Parameters {
    /** What a parameter name may look like: the shape of an environment variable's name. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** Names starting with this (in any case) are Strata's own settings, never a pipeline's parameters. */
    public static final String RESERVED_PREFIX = "STRATA_";

    private static final Pattern INT = Pattern.compile("[+-]?[0-9]+");
    private static final int MAX_QUOTED = 80;

    private Parameters() {}

    /** Whether {@code name} starts with {@value #RESERVED_PREFIX}, in any case. */
    public static boolean isReserved(String name) {
        return name.toUpperCase(Locale.ROOT).startsWith(RESERVED_PREFIX);
    }

    /**
     * Why {@code value} does not fit the parameter, e.g. {@code '2026-13-01' is not a date (yyyy-MM-dd)}, or empty when
     * it fits its type and, if the parameter lists them, its allowed values.
     */
    public static Optional<String> problem(ParameterSpec parameter, String value) {
        Optional<String> wrongType = typeProblem(parameter.type(), value);
        if (wrongType.isPresent()
                || parameter.allowed().isEmpty()
                || parameter.allowed().contains(value)) {
            return wrongType;
        }
        Optional<String> suggestion = parameter.type() == ParameterSpec.Type.STRING
                ? Suggestions.didYouMean(value, parameter.allowed(), true)
                : Optional.empty();
        return Optional.of(quote(value) + " is not one of " + String.join(", ", parameter.allowed())
                + suggestion.map(s -> " (" + s + ")").orElse(""));
    }

    /** Why {@code value} is not of {@code type}, or empty when it is. */
    public static Optional<String> typeProblem(ParameterSpec.Type type, String value) {
        boolean fits = switch (type) {
            case STRING -> true;
            case INT -> isLong(value);
            case NUMBER -> isNumber(value);
            case BOOLEAN -> value.equals("true") || value.equals("false");
            case DATE -> isDate(value);
            case TIMESTAMP -> isTimestamp(value);
        };
        return fits ? Optional.empty() : Optional.of(quote(value) + " is not " + describe(type));
    }

    /** The type as a message names it: {@code a date (yyyy-MM-dd)}, {@code an int (a whole number, e.g. 42)}. */
    public static String describe(ParameterSpec.Type type) {
        return switch (type) {
            case STRING -> "a string";
            case INT -> "an int (a whole number, e.g. 42)";
            case NUMBER -> "a number (e.g. 3.5)";
            case BOOLEAN -> "a boolean (true or false)";
            case DATE -> "a date (yyyy-MM-dd)";
            case TIMESTAMP -> "a timestamp (ISO-8601, e.g. 2026-01-31T08:00:00Z)";
        };
    }

    /**
     * The value of every declared parameter for a run request: the given one, else the default. Throws once, listing
     * every problem: a name not declared, a value that does not fit its type or allowed values, a required parameter
     * not given.
     *
     * @param declared the pipeline's {@code parameters:}, in file order
     * @param given the request's values by name
     * @return every declared name, in declaration order, with its value
     * @throws StrataException {@link ErrorCode#INVALID_SPEC}, e.g. {@code Cannot run pipeline with these parameters:
     *     parameters.DAY: '2026-13-01' is not a date (yyyy-MM-dd); parameters.FOO: not declared (declared: DAY)}
     */
    public static Map<String, String> resolve(Map<String, ParameterSpec> declared, Map<String, String> given) {
        List<String> problems = new ArrayList<>();
        Map<String, String> values = new LinkedHashMap<>();
        declared.forEach((name, parameter) -> {
            String value = given.get(name);
            if (value == null) {
                if (parameter.required()) {
                    problems.add("parameters." + name + ": required, and not given (give " + describe(parameter.type())
                            + ")");
                } else {
                    values.put(name, parameter.defaultValue());
                }
            } else {
                problem(parameter, value)
                        .ifPresentOrElse(
                                reason -> problems.add("parameters." + name + ": " + reason),
                                () -> values.put(name, value));
            }
        });
        for (String name : new TreeSet<>(given.keySet())) {
            if (!declared.containsKey(name)) {
                problems.add("parameters." + name + ": " + notDeclared(name, declared.keySet()));
            }
        }
        if (!problems.isEmpty()) {
            throw new StrataException(
                    ErrorCode.INVALID_SPEC,
                    "Cannot run pipeline with these parameters: " + String.join("; ", problems));
        }
        return values;
    }

    /** {@code not declared (declared: DAY, LIMIT; did you mean DAY?)}. */
    static String notDeclared(String name, Collection<String> declared) {
        return "not declared (" + declaredHint(name, declared) + ")";
    }

    /** {@code declared: DAY, LIMIT; did you mean DAY?}, or that there are none. */
    public static String declaredHint(String name, Collection<String> declared) {
        if (declared.isEmpty()) {
            return "the pipeline declares no parameters";
        }
        return "declared: " + String.join(", ", declared)
                + Suggestions.didYouMean(name, declared, false)
                        .map(s -> "; " + s)
                        .orElse("");
    }

    private static boolean isLong(String value) {
        if (!INT.matcher(value).matches()) {
            return false;
        }
        try {
            Long.parseLong(value);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isNumber(String value) {
        if (value.isEmpty() || !Character.isDigit(value.charAt(value.length() - 1))) {
            return false; // BigDecimal takes "1." but not "1.e"; neither is a number a user means
        }
        try {
            new BigDecimal(value);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isDate(String value) {
        try {
            LocalDate.parse(value, DateTimeFormatter.ISO_LOCAL_DATE);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean isTimestamp(String value) {
        try {
            DateTimeFormatter.ISO_DATE_TIME.parse(value);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** {@code 'value'}, cut short when long: a request may send a huge value, which a message must not repeat. */
    public static String quote(String value) {
        return "'" + (value.length() > MAX_QUOTED ? value.substring(0, MAX_QUOTED) + "…" : value) + "'";
    }
}
