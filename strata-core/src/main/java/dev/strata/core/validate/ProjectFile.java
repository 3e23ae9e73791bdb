package dev.strata.core.validate;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.spec.Problem;
import dev.strata.core.spec.Problem.Severity;
import dev.strata.core.spec.TargetSpec;
import dev.strata.core.spec.Variables;
import dev.strata.core.validate.SourceMap.Position;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The project file, {@code strata.yaml} beside a pipeline: the targets the pipelines of a folder share, read and
 * checked like a pipeline's own {@code targets:} section, with its own file, line and column in every problem.
 */
final class ProjectFile {
    /** The project file's name; it lies in the pipeline file's folder. */
    static final String NAME = "strata.yaml";

    private static final TypeReference<Map<String, TargetSpec>> TARGETS = new TypeReference<>() {};

    private final Path file;
    private final JsonNode targets;
    private final Problems problems;

    private ProjectFile(Path file, JsonNode targets, Problems problems) {
        this.file = file;
        this.targets = targets;
        this.problems = problems;
    }

    /** The project file beside {@code pipelineFile}, or an empty one when there is none. */
    static ProjectFile beside(Path pipelineFile, Variables variables, String target) {
        Path folder = pipelineFile.toAbsolutePath().normalize().getParent();
        Path file = folder == null ? Path.of(NAME) : folder.resolve(NAME);
        Problems problems = new Problems(file.toString(), new SourceMap());
        if (!Files.isRegularFile(file)) {
            return new ProjectFile(file, null, problems);
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add(
                    YamlPath.ROOT,
                    Position.START,
                    "Cannot read the project file: " + e.getClass().getSimpleName(),
                    "check its permissions and that it is UTF-8 text",
                    Severity.ERROR);
            return new ProjectFile(file, null, problems);
        }
        JsonNode root = YamlReader.read(text, problems, variables, target);
        if (root == null) {
            return new ProjectFile(file, null, problems);
        }
        SchemaCheck.validateProject(root, problems);
        TargetChecks.checkValues(root.path("targets"), problems);
        return new ProjectFile(file, root.path("targets"), problems);
    }

    /** The file's path, for messages. */
    Path file() {
        return file;
    }

    /** The names of the targets the file defines, in its order. */
    List<String> names() {
        List<String> names = new ArrayList<>();
        if (targets != null) {
            targets.fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    /** Where the file defines {@code name}, as {@code strata.yaml:LINE:COL}. */
    String where(String name) {
        Position at = problems.map().keyAt(YamlPath.of("targets", name));
        return file.getFileName() + ":" + at.line() + ":" + at.column();
    }

    List<Problem> errors() {
        return problems.errors();
    }

    List<Problem> warnings() {
        return problems.warnings();
    }

    /** The targets, bound; call only when {@link #errors()} is empty. */
    Map<String, TargetSpec> targets(ObjectMapper mapper) {
        if (targets == null || !targets.isObject()) {
            return Map.of();
        }
        try {
            return new LinkedHashMap<>(mapper.convertValue(targets, TARGETS));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Cannot bind the checked targets of " + file, e);
        }
    }
}
