package dev.strata.cli;

import dev.strata.core.spec.Pipeline;
import dev.strata.core.spec.PipelineLoader;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The pipeline file every command takes first, and --debug. */
final class PipelineFile {
    @Parameters(index = "0", paramLabel = "FILE", description = "The pipeline YAML file.")
    Path file;

    @Option(names = "--debug", description = "Show stack traces.")
    boolean debug;

    /** Loads and validates the file; every problem is thrown at once. */
    Pipeline load() {
        return PipelineLoader.load(file);
    }

    /** Loads the file as if it lay in {@code directory}: its relative paths resolve there. */
    Pipeline loadAsIfIn(Path directory) {
        return PipelineLoader.load(file, directory.resolve(file.getFileName().toString()));
    }
}
