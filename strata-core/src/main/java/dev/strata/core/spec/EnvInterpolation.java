package dev.strata.core.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code ${VAR}} and {@code ${VAR:-default}} in string values; {@code $${} writes a literal {@code ${}. {@code
 * ${secret:NAME}} is handed to {@link SecretReferences}.
 */
final class EnvInterpolation {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private EnvInterpolation() {}

    /** A problem with one reference, in the loader's message shape. */
    record Issue(String message, String hint) {}

    /** The text with every reference replaced; {@code substituted} tells whether any was. */
    record Result(String value, boolean substituted, List<Issue> issues) {}

    static Result apply(String text, Map<String, String> env) {
        if (text.indexOf('$') < 0) {
            return new Result(text, false, List.of());
        }
        StringBuilder out = new StringBuilder();
        List<Issue> issues = new ArrayList<>();
        boolean substituted = false;
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
                    SecretReferences.substitute(body, env, out, issues);
                    substituted = true;
                    i = end + 1;
                    continue;
                }
                int colon = body.indexOf(":-");
                String name = colon < 0 ? body : body.substring(0, colon);
                String fallback = colon < 0 ? null : body.substring(colon + 2);
                String value = env.get(name);
                if (!NAME.matcher(name).matches()) {
                    issues.add(new Issue(
                            "invalid environment variable reference '${" + body + "}'",
                            "write ${NAME} or ${NAME:-default}, or $${ for a literal ${"));
                } else if (fallback != null && (value == null || value.isEmpty())) {
                    out.append(fallback);
                } else if (value != null) {
                    out.append(value);
                } else {
                    issues.add(new Issue(
                            "environment variable " + name + " is not set",
                            "export " + name + "=… or write ${" + name + ":-default}"));
                }
                substituted = true;
                i = end + 1;
            } else {
                out.append(text.charAt(i));
                i++;
            }
        }
        return new Result(out.toString(), substituted, List.copyOf(issues));
    }
}
