package dev.strata.cli;

import dev.strata.core.spec.Pipeline;
import dev.strata.core.spec.PipelineLoader;
import dev.strata.core.spec.Problem;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code strata validate FILE}: every problem, located, without starting Spark. */
@Command(name = "validate", description = "Check a pipeline file and print every problem with file:line:col.")
final class ValidateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The pipeline YAML file.")
    Path file;

    @Option(names = "--debug", description = "Show stack traces.")
    boolean debug;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Pipeline pipeline = PipelineLoader.load(file);
        for (Problem warning : pipeline.warnings()) {
            spec.commandLine().getErr().println(warning);
        }
        spec.commandLine()
                .getOut()
                .printf(
                        java.util.Locale.ROOT,
                        "%s: valid (pipeline %s: %d datasets, %d sources)%n",
                        file,
                        pipeline.spec().name(),
                        pipeline.spec().datasets().size(),
                        pipeline.spec().sources().size());
        return 0;
    }
}
