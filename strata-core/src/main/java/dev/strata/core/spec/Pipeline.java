package dev.strata.core.spec;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;

/**
 * A loaded, validated pipeline: its file (absolute), its spec with {@code storage.root} and source paths resolved
 * against the file's folder, and the warnings validation found.
 */
public record Pipeline(Path file, PipelineSpec spec, List<Problem> warnings) {
    public Pipeline {
        file = requireNonNull(file, "file is null").toAbsolutePath().normalize();
        requireNonNull(spec, "spec is null");
        warnings = List.copyOf(warnings);
    }

    /** The folder relative paths were resolved against. */
    public Path baseDir() {
        return file.getParent();
    }
}
