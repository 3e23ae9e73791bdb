package dev.strata.core.spec;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;

/**
 * A loaded, validated pipeline: its file (absolute), its spec with {@code storage.root} and source paths resolved
 * against the file's folder, the warnings validation found, and the target it was loaded for (null: none), whose
 * storage the spec already holds.
 */
public record Pipeline(Path file, PipelineSpec spec, List<Problem> warnings, String target) {
    public Pipeline {
        file = requireNonNull(file, "file is null").toAbsolutePath().normalize();
        requireNonNull(spec, "spec is null");
        warnings = List.copyOf(warnings);
        if (target != null && !spec.targets().containsKey(target)) {
            throw new IllegalArgumentException(
                    "target " + target + " is not one of " + spec.targets().keySet());
        }
    }

    /** A pipeline loaded without a target. */
    public Pipeline(Path file, PipelineSpec spec, List<Problem> warnings) {
        this(file, spec, warnings, null);
    }

    /** Where and how Spark runs for the chosen target; {@link SparkSpec#NONE} without one. */
    public SparkSpec spark() {
        return target == null ? SparkSpec.NONE : spec.targets().get(target).spark();
    }

    /** The folder relative paths were resolved against. */
    public Path baseDir() {
        return file.getParent();
    }
}
