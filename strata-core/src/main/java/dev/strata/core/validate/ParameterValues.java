package dev.strata.core.validate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.spec.ParameterSpec;
import dev.strata.core.spec.Parameters;
import dev.strata.core.spec.Suggestions;
import dev.strata.core.spec.Variables;
import dev.strata.core.spec.Variables.Mode;
import dev.strata.core.validate.EnvInterpolation.Issue;
import dev.strata.core.validate.EnvInterpolation.Lookup;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The values of one file's declared parameters for one load, and what each {@code ${NAME}} resolves to. Reads the
 * {@code parameters:} mapping as written, leniently (its own mistakes are reported by the schema and
 * {@link SpecChecks}), and reports at the declaration a given value that does not fit, a required parameter without a
 * value, and a value given for a parameter the file does not declare.
 */
final class ParameterValues {
    private static final YamlPath PARAMETERS = YamlPath.of("parameters");

    /** A parameter as written: its type, when it is a known one, and its default, when it has one. */
    private record Declared(ParameterSpec.Type type, String defaultValue, List<String> allowed) {}

    private final Variables variables;
    private final Set<String> runEnvironment;
    private final Map<String, Declared> declared = new LinkedHashMap<>();
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, String> runValues;

    private ParameterValues(Variables variables, ZoneId zone) {
        this.variables = variables;
        this.runEnvironment = variables.runEnvironment();
        // Without a logical time, the run is for its start: now, to the second, as a log line would show it.
        Instant logical = variables.logicalTime() != null
                ? variables.logicalTime()
                : Instant.now().truncatedTo(ChronoUnit.SECONDS);
        this.runValues = Map.of(
                Variables.LOGICAL_TIME, logical.toString(),
                Variables.LOGICAL_DATE, LocalDate.ofInstant(logical, zone).toString());
    }

    /** Binds the {@code parameters:} node (null when the file has none) to the variables, in UTC. */
    static ParameterValues bind(JsonNode parameters, Variables variables, Problems problems) {
        return bind(parameters, variables, problems, ZoneOffset.UTC);
    }

    /**
     * Binds the {@code parameters:} node (null when the file has none) to the variables, reporting problems; {@code
     * zone} is the schedule's time zone, in which {@code ${run.logical_date}} is the logical time's date.
     */
    static ParameterValues bind(JsonNode parameters, Variables variables, Problems problems, ZoneId zone) {
        ParameterValues bound = new ParameterValues(variables, zone);
        if (parameters != null && parameters.isObject()) {
            parameters
                    .fields()
                    .forEachRemaining(entry -> bound.declared.put(entry.getKey(), declared(entry.getValue())));
        }
        bound.resolve(problems);
        return bound;
    }

    private static Declared declared(JsonNode node) {
        ParameterSpec.Type type = null;
        for (ParameterSpec.Type candidate : ParameterSpec.Type.values()) {
            if (candidate.id().equals(node.path("type").asText(null))) {
                type = candidate;
            }
        }
        JsonNode defaultNode = node.path("default");
        String defaultValue = defaultNode.isValueNode() && !defaultNode.isNull() ? defaultNode.asText() : null;
        List<String> allowed = new ArrayList<>();
        node.path("allowed").forEach(value -> {
            if (value.isValueNode() && !value.isNull()) {
                allowed.add(value.asText());
            }
        });
        return new Declared(type, defaultValue, allowed);
    }

    private void resolve(Problems problems) {
        variables.params().forEach((name, value) -> {
            if (!declared.containsKey(name)) {
                problems.errorAtKey(
                        PARAMETERS.child(name),
                        "a value is given for " + name + ", which the pipeline does not declare",
                        Parameters.declaredHint(name, declared.keySet()));
            }
        });
        declared.forEach((name, parameter) -> {
            YamlPath at = PARAMETERS.child(name);
            String given = variables.params().get(name);
            String fromEnv =
                    variables.mode() == Mode.ENVIRONMENT ? variables.env().get(name) : null;
            String value;
            String origin;
            if (given != null) {
                value = given;
                origin = "given for the run";
            } else if (fromEnv != null) {
                value = fromEnv;
                origin = "from environment variable " + name;
            } else {
                value = parameter.defaultValue();
                origin = null; // the default is checked where it is written
            }
            if (value == null) {
                if (variables.mode() != Mode.UNRESOLVED) {
                    problems.errorAtKey(at, "required parameter " + name + " has no value", requiredHint(name));
                }
                return;
            }
            if (origin != null && parameter.type() != null) {
                Optional<String> problem =
                        Parameters.problem(new ParameterSpec(parameter.type(), null, null, parameter.allowed()), value);
                if (problem.isPresent()) {
                    // '2026-13-01' (given for the run) is not a date (yyyy-MM-dd)
                    String quoted = Parameters.quote(value);
                    problems.errorAtKey(
                            at, quoted + " (" + origin + ")" + problem.get().substring(quoted.length()), null);
                    return;
                }
            }
            values.put(name, value);
        });
    }

    private String requiredHint(String name) {
        return variables.mode() == Mode.RESTRICTED
                ? "give it with the run, or give it a default"
                : "pass --param " + name + "=…, export " + name + "=…, or give it a default";
    }

    /** What {@code ${name}} resolves to. */
    /**
     * What configures the secret sources of {@code ${secret:NAME}}: the environment, except for a file checked without
     * values, whose secrets stay as written.
     */
    Map<String, String> secretEnvironment() {
        return variables.mode() == Mode.UNRESOLVED
                ? Map.of(dev.strata.core.secret.SecretResolver.SOURCES_ENV, dev.strata.core.secret.SecretResolver.NONE)
                : variables.env();
    }

    Lookup lookup(String name) {
        if (name.startsWith(Variables.RUN_PREFIX)) {
            return runVariable(name);
        }
        if (declared.containsKey(name)) {
            String value = values.get(name);
            if (value != null) {
                return new Lookup.Value(value);
            }
            return variables.mode() == Mode.UNRESOLVED ? new Lookup.AsWritten() : new Lookup.Reported();
        }
        return switch (variables.mode()) {
            case UNRESOLVED -> new Lookup.AsWritten();
            case ENVIRONMENT -> {
                String value = variables.env().get(name);
                yield value != null ? new Lookup.Value(value) : EnvInterpolation.unset(name);
            }
            case RESTRICTED -> restricted(name);
        };
    }

    /** {@code ${run.logical_time}} or {@code ${run.logical_date}}; any other {@code run.} name is a mistake. */
    private Lookup runVariable(String name) {
        String value = runValues.get(name);
        if (value == null) {
            return new Lookup.Refused(new Issue(
                    "unknown run variable ${" + name + "}",
                    Suggestions.didYouMean(name, runValues.keySet(), false)
                                    .map(s -> s + " ")
                                    .orElse("")
                            + "the run's variables are ${" + Variables.LOGICAL_TIME + "} and ${"
                            + Variables.LOGICAL_DATE + "}"));
        }
        return variables.mode() == Mode.UNRESOLVED ? new Lookup.AsWritten() : new Lookup.Value(value);
    }

    private Lookup restricted(String name) {
        if (Parameters.isReserved(name)) {
            return new Lookup.Refused(new Issue(
                    "${" + name + "} is not available to server runs: names starting with " + Parameters.RESERVED_PREFIX
                            + " are Strata's own settings",
                    "declare a parameter under parameters:, e.g. " + suggestedName(name)
                            + ": {type: string}, and give its value with the run"));
        }
        if (!runEnvironment.contains(name)) {
            return new Lookup.Refused(new Issue(
                    "${" + name + "} is not available to server runs: they see declared parameters only, and the"
                            + " environment variables the operator lists in " + Variables.RUN_ENV,
                    "declare it under parameters:, e.g. " + name
                            + ": {type: string}, and give its value with the run"));
        }
        String value = variables.env().get(name);
        return value != null ? new Lookup.Value(value) : EnvInterpolation.unset(name);
    }

    private static String suggestedName(String reserved) {
        String rest = reserved.substring(Parameters.RESERVED_PREFIX.length());
        return rest.isEmpty() ? "NAME" : rest;
    }
}
