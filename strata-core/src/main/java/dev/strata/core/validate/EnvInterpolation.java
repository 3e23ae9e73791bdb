package dev.strata.core.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * {@code ${VAR}} and {@code ${VAR:-default}} in string values; {@code $${} writes a literal {@code ${}. {@code
 * ${secret:NAME}} is handed to {@link SecretReferences}.
 */
final class EnvInterpolation {
    /** A variable's name, or one of the run's own, {@code run.logical_time}. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*|run\\.[a-z_]+");

    private EnvInterpolation() {}

    /** A problem with one reference, in the loader's message shape. */
    record Issue(String message, String hint) {}

    /**
     * The text with every reference replaced; {@code substituted} tells whether any was, {@code unreadable} whether a
     * reference had no value (with or without an issue to report).
     */
    record Result(String value, boolean substituted, List<Issue> issues, boolean unreadable) {
        Result(String value, boolean substituted, List<Issue> issues) {
            this(value, substituted, issues, !issues.isEmpty());
        }
    }

    /** What one name resolves to. */
    sealed interface Lookup {
        /** The name's value. */
        record Value(String value) implements Lookup {}

        /** No value: a {@code :-default} applies, else the issue is reported. */
        record Unset(Issue issue) implements Lookup {}

        /** The name may not be referenced at all, default or not. */
        record Refused(Issue issue) implements Lookup {}

        /** No value, and the reason was reported already (at the declaration of a parameter). */
        record Reported() implements Lookup {}

        /** Left as written, {@code ${NAME}}: the file is checked without values. */
        record AsWritten() implements Lookup {}
    }

    /** References resolved from {@code env} alone, as before parameters existed; secrets too. */
    static Result apply(String text, Map<String, String> env) {
        return apply(
                text,
                name -> {
                    String value = env.get(name);
                    return value != null ? new Lookup.Value(value) : unset(name);
                },
                env);
    }

    /** The issue of an environment variable that is not set. */
    static Lookup unset(String name) {
        return new Lookup.Unset(new Issue(
                "environment variable " + name + " is not set",
                "export " + name + "=… or write ${" + name + ":-default}"));
    }

    /**
     * The text with {@code ${NAME}} resolved by {@code variables}, and {@code ${secret:NAME}} by the secret sources
     * {@code secretEnvironment} configures ({@link dev.strata.core.secret.SecretResolver#fromEnvironment}).
     */
    static Result apply(String text, Function<String, Lookup> variables, Map<String, String> secretEnvironment) {
        if (text.indexOf('$') < 0) {
            return new Result(text, false, List.of());
        }
        StringBuilder out = new StringBuilder();
        List<Issue> issues = new ArrayList<>();
        boolean substituted = false;
        boolean unreadable = false;
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
                substituted = true;
            } else if (text.startsWith("${", i)) {
                int end = text.indexOf('}', i + 2);
                if (end < 0) {
                    issues.add(new Issue(
                            "unclosed '${' in '" + text + "'", "close it with '}', or write $${ for a literal ${"));
                    out.append(text, i, text.length());
                    break;
                }
                String body = text.substring(i + 2, end);
                if (SecretReferences.isSecret(body)) {
                    SecretReferences.substitute(body, secretEnvironment, out, issues);
                    substituted = true;
                    i = end + 1;
                    continue;
                }
                int colon = body.indexOf(":-");
                String name = colon < 0 ? body : body.substring(0, colon);
                String fallback = colon < 0 ? null : body.substring(colon + 2);
                if (!NAME.matcher(name).matches()) {
                    issues.add(new Issue(
                            "invalid environment variable reference '${" + body + "}'",
                            "write ${NAME} or ${NAME:-default}, or $${ for a literal ${"));
                } else {
                    Lookup lookup = variables.apply(name);
                    if (lookup instanceof Lookup.Value found
                            && !(fallback != null && found.value().isEmpty())) {
                        out.append(found.value());
                    } else if (lookup instanceof Lookup.Refused refused) {
                        issues.add(refused.issue());
                    } else if (lookup instanceof Lookup.AsWritten) {
                        out.append("${").append(body).append('}');
                    } else if (lookup instanceof Lookup.Reported) {
                        unreadable = true;
                    } else if (fallback != null) {
                        out.append(fallback);
                    } else if (lookup instanceof Lookup.Unset missing) {
                        issues.add(missing.issue());
                    }
                }
                substituted = true;
                i = end + 1;
            } else {
                out.append(text.charAt(i));
                i++;
            }
        }
        return new Result(out.toString(), substituted, List.copyOf(issues), unreadable || !issues.isEmpty());
    }
}
