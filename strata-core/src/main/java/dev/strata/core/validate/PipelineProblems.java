package dev.strata.core.validate;

import dev.strata.core.spec.Pipeline;
import dev.strata.core.spec.Problem;
import dev.strata.core.spec.Problem.Severity;
import dev.strata.core.spec.Variables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

/**
 * Located problems found after loading, by checks that need more than the file (the key store, the data's columns,
 * the source folders): the file is read again for the position of a path.
 */
public final class PipelineProblems {
    private PipelineProblems() {}

    /**
     * An error at the value of {@code path} (e.g. {@code "datasets", "silver.orders", "encrypt", "key"}; list items as
     * Integer). When the file cannot be read again, the problem keeps the path without a line.
     */
    public static Problem error(Pipeline pipeline, List<Object> path, String message, String hint) {
        return at(pipeline, path, message, hint, Severity.ERROR);
    }

    /** A warning at the value of {@code path}, as {@link #error}. */
    public static Problem warning(Pipeline pipeline, List<Object> path, String message, String hint) {
        return at(pipeline, path, message, hint, Severity.WARNING);
    }

    private static Problem at(Pipeline pipeline, List<Object> path, String message, String hint, Severity severity) {
        YamlPath at = YamlPath.of(path.toArray());
        String file = pipeline.file().toString();
        SourceMap map = new SourceMap();
        try {
            String text = Files.readString(pipeline.file(), StandardCharsets.UTF_8);
            YamlReader.read(text, new Problems(file, map), Variables.unresolved());
            SourceMap.Position position = map.valueAt(at);
            return new Problem(file, position.line(), position.column(), at.toString(), message, hint, severity);
        } catch (IOException | RuntimeException e) {
            return new Problem(file, 0, 0, at.toString(), message, hint, severity);
        }
    }
}
