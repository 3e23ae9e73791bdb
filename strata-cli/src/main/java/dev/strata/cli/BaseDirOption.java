package dev.strata.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --base-dir}: where a pipeline's relative paths resolve, when not in the folder of its file. */
final class BaseDirOption {
    @Option(
            names = "--base-dir",
            paramLabel = "DIR",
            description = "Resolve the pipeline's relative paths against DIR instead of the file's folder.")
    Path directory;
}
