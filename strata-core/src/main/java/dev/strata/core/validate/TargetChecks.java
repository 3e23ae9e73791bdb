package dev.strata.core.validate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.spec.Problem.Severity;
import dev.strata.core.spec.Suggestions;
import dev.strata.core.validate.SourceMap.Position;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The checks of targets a schema cannot express: a Spark master's form, an Iceberg catalog's URI, a name defined both
 * in the pipeline and in {@code strata.yaml}, and the chosen target's existence.
 */
final class TargetChecks {
    /** The masters Spark takes: local, local[N], local[*], local[N,F], spark://, k8s://, mesos://, yarn. */
    private static final Pattern MASTER =
            Pattern.compile("^(local(\\[(\\*|[1-9][0-9]*)(,[0-9]+)?])?|(spark|k8s|mesos)://.+|yarn)$");

    private TargetChecks() {}

    /** Checks each target's values in {@code targets} (a {@code targets:} mapping, or missing). */
    static void checkValues(JsonNode targets, Problems problems) {
        targets.fields().forEachRemaining(entry -> {
            YamlPath target = YamlPath.of("targets", entry.getKey());
            JsonNode master = entry.getValue().path("spark").path("master");
            if (master.isTextual()
                    && !master.asText().contains("${")
                    && !MASTER.matcher(master.asText()).matches()) {
                problems.error(
                        target.child("spark").child("master"),
                        "invalid Spark master '" + master.asText() + "'",
                        "local[*], local[2], spark://host:7077, k8s://https://host:443 or yarn");
            }
            JsonNode iceberg = entry.getValue().path("storage").path("iceberg");
            String type = iceberg.path("type").asText("hadoop");
            if (iceberg.isObject() && !"hadoop".equals(type) && !iceberg.has("uri")) {
                problems.error(
                        target.child("storage").child("iceberg"),
                        "an Iceberg " + type + " catalog needs 'uri'",
                        "jdbc".equals(type)
                                ? "e.g. uri: jdbc:postgresql://127.0.0.1:5432/strata"
                                : "e.g. uri: https://catalog.example.com/api/catalog");
            }
        });
    }

    /**
     * Refuses a target name the pipeline and the project file both define (which one would win is no guess to leave
     * to a reader), and a chosen {@code target} that neither defines, with the known names and the closest one.
     */
    static void checkChoice(JsonNode pipelineTargets, ProjectFile project, String target, Problems problems) {
        List<String> names = new ArrayList<>();
        pipelineTargets.fieldNames().forEachRemaining(names::add);
        for (String name : project.names()) {
            if (names.contains(name)) {
                problems.errorAtKey(
                        YamlPath.of("targets", name),
                        "target '" + name + "' is defined both here and in " + project.where(name),
                        "keep one: rename or remove it in this file or in " + ProjectFile.NAME);
            } else {
                names.add(name);
            }
        }
        if (target == null || names.contains(target)) {
            return;
        }
        String known = names.isEmpty()
                ? "no targets are defined (add a targets: section, or a " + ProjectFile.NAME + " beside the pipeline)"
                : "the targets are " + String.join(", ", names);
        String hint = Suggestions.didYouMean(target, names, true)
                        .map(guess -> guess + "; ")
                        .orElse("")
                + "choose one with --target or STRATA_TARGET";
        YamlPath at = YamlPath.of("targets");
        Position position = pipelineTargets.isObject() ? problems.map().keyAt(at) : new Position(0, 0);
        problems.add(at, position, "unknown target '" + target + "': " + known, hint, Severity.ERROR);
    }
}
