package dev.strata.core.validate;

import dev.strata.core.secret.SecretResolver;
import dev.strata.core.secret.SecretResolver.Resolution;
import java.util.List;
import java.util.Map;

/**
 * {@code ${secret:NAME}} in a pipeline file: resolved by {@link SecretResolver} from the same environment as
 * {@code ${VAR}}, and allowed only in option values and connection URLs, which go to Spark and never into data.
 */
final class SecretReferences {
    /** What a {@code ${…}} body starts with when it names a secret. */
    static final String PREFIX = "secret:";

    /** What a secret reference opens with. */
    static final String OPENING = "${" + PREFIX;

    private SecretReferences() {}

    static boolean isSecret(String body) {
        return body.startsWith(PREFIX);
    }

    /**
     * Appends the value of the secret that {@code body} ({@code secret:NAME}) names to {@code out}, or the reference as
     * written when resolution is off, or adds an issue that says where it looked.
     */
    static void substitute(
            String body, Map<String, String> env, StringBuilder out, List<EnvInterpolation.Issue> issues) {
        String name = body.substring(PREFIX.length());
        if (name.contains(":-")) {
            issues.add(new EnvInterpolation.Issue(
                    "a secret takes no default: '${" + body.substring(0, body.indexOf(":-")) + ":-…}'",
                    "remove ':-…', and keep the value in a secret store"));
            return;
        }
        Resolution resolution = SecretResolver.fromEnvironment(env).resolve(name);
        if (resolution instanceof Resolution.Resolved resolved) {
            out.append(resolved.value());
        } else if (resolution instanceof Resolution.LeftAsWritten) {
            out.append("${").append(body).append('}');
        } else {
            Resolution.Failed failed = (Resolution.Failed) resolution;
            issues.add(new EnvInterpolation.Issue(failed.message(), failed.hint()));
        }
    }

    /** Whether {@code text} holds a secret reference (not an escaped {@code $${secret:…}}). */
    static boolean references(String text) {
        for (int at = text.indexOf(OPENING); at >= 0; at = text.indexOf(OPENING, at + 1)) {
            if (at == 0 || text.charAt(at - 1) != '$') {
                return true;
            }
        }
        return false;
    }

    /**
     * Where a secret may be used: the values of {@code sources.*.options}, {@code datasets.*.write.options} and
     * {@code storage.iceberg.options}, and the connection URLs {@code sources.*.url} and {@code storage.iceberg.uri}.
     * Elsewhere (SQL, expressions, paths, names) a value can reach a table, a file name or a run record.
     */
    static boolean allowedAt(YamlPath path) {
        return OptionMaps.isOptionValue(path) || OptionMaps.isConnectionUrl(path);
    }

    /** The places that say where secrets may go, for messages. */
    static final String ALLOWED_PLACES = "sources.<name>.options, sources.<name>.url, datasets.<name>.write.options,"
            + " storage.iceberg.options or storage.iceberg.uri";
}
