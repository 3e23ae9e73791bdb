package dev.strata.core.validate;

import dev.strata.core.spec.Problem;
import dev.strata.core.spec.Problem.Severity;
import dev.strata.core.validate.SourceMap.Position;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Collects located problems of one pipeline file, each once. */
final class Problems {
    private final String file;
    private final SourceMap map;
    private final Set<Problem> problems = new LinkedHashSet<>();
    private final Set<YamlPath> errorPaths = new HashSet<>();
    private final Set<YamlPath> unreadable = new HashSet<>();

    Problems(String file, SourceMap map) {
        this.file = file;
        this.map = map;
    }

    /** An error at the value of {@code path}. */
    void error(YamlPath path, String message, String hint) {
        add(path, map.valueAt(path), message, hint, Severity.ERROR);
    }

    /** An error at the key of {@code path}, e.g. an unknown or misplaced key. */
    void errorAtKey(YamlPath path, String message, String hint) {
        add(path, map.keyAt(path), message, hint, Severity.ERROR);
    }

    void warningAtKey(YamlPath path, String message, String hint) {
        add(path, map.keyAt(path), message, hint, Severity.WARNING);
    }

    /**
     * Marks a value that could not be read as written (an unset variable): later problems at or inside it are
     * follow-ups and are dropped.
     */
    void unreadable(YamlPath path) {
        unreadable.add(path);
    }

    void add(YamlPath path, Position at, String message, String hint, Severity severity) {
        if (unreadable.stream().anyMatch(path::startsWith)) {
            return;
        }
        if (severity == Severity.ERROR) {
            errorPaths.add(path);
        }
        problems.add(new Problem(file, at.line(), at.column(), path.toString(), message, hint, severity));
    }

    SourceMap map() {
        return map;
    }

    /** The paths errors were reported at so far. */
    Set<YamlPath> errorPaths() {
        return Set.copyOf(errorPaths);
    }

    List<Problem> errors() {
        return problems.stream()
                .filter(Problem::isError)
                .sorted(Problem.BY_POSITION)
                .toList();
    }

    List<Problem> warnings() {
        return problems.stream()
                .filter(p -> !p.isError())
                .sorted(Problem.BY_POSITION)
                .toList();
    }
}
