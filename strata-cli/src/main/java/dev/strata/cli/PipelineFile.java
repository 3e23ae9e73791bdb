package dev.strata.cli;

import dev.strata.core.config.Config;
import dev.strata.core.config.RunConfig;
import dev.strata.core.spec.AllowedRoots;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.spec.Variables;
import dev.strata.core.validate.PipelineLoader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The pipeline file every command takes first, its parameter values, its target, and --debug. */
final class PipelineFile {
    @Parameters(index = "0", paramLabel = "FILE", description = "The pipeline YAML file.")
    Path file;

    @Option(
            names = "--param",
            paramLabel = "NAME=VALUE",
            description = "A value for a parameter the pipeline declares (repeatable); it wins over the environment"
                    + " variable NAME and the declared default.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(
            names = "--target",
            paramLabel = "NAME",
            description = "The target to use (dev, prod, …), from the pipeline's targets: or the strata.yaml beside"
                    + " it: its storage and Spark settings replace the pipeline's; default $STRATA_TARGET.")
    String target;

    @Option(names = "--debug", description = "Show stack traces.")
    boolean debug;

    /** The chosen target: {@code --target}, else {@code STRATA_TARGET}, else none (null). */
    String target() {
        return target(System.getenv());
    }

    /** The chosen target: {@code --target}, else {@code STRATA_TARGET} of {@code env}, else none (null). */
    String target(Map<String, String> env) {
        return target != null ? target : Config.read(RunConfig.TARGET, env);
    }

    /** Loads and validates the file; every problem is thrown at once. */
    Pipeline load() {
        return load(null);
    }

    /** Loads the file for a run whose logical time is {@code logicalTime} (null: now). */
    Pipeline load(Instant logicalTime) {
        return PipelineLoader.load(file, file, variables(logicalTime), AllowedRoots.any(), target());
    }

    /** Loads the file as if it lay in {@code directory}: its relative paths resolve there. */
    Pipeline loadAsIfIn(Path directory) {
        return loadAsIfIn(directory, null);
    }

    /** Loads the file as if it lay in {@code directory}, for a run whose logical time is {@code logicalTime}. */
    Pipeline loadAsIfIn(Path directory, Instant logicalTime) {
        return PipelineLoader.load(file, asIfIn(directory), variables(logicalTime), AllowedRoots.any(), target());
    }

    private Variables variables(Instant logicalTime) {
        return Variables.of(params, System.getenv()).withLogicalTime(logicalTime);
    }

    /**
     * Loads the file for a run the server started: {@code ${NAME}} resolves only declared parameters and the
     * variables {@code STRATA_RUN_ENV} lists, and every location must lie under {@code roots}.
     */
    Pipeline loadRestricted(Path directory, AllowedRoots roots, Instant logicalTime) {
        return PipelineLoader.load(
                file,
                directory == null ? file : asIfIn(directory),
                Variables.restricted(params, System.getenv()).withLogicalTime(logicalTime),
                roots,
                target());
    }

    private Path asIfIn(Path directory) {
        return directory.resolve(file.getFileName().toString());
    }
}
