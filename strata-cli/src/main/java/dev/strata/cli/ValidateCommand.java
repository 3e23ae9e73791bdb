package dev.strata.cli;

import dev.strata.core.spec.Pipeline;
import dev.strata.core.spec.Problem;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code strata validate FILE}: every problem, located, without starting Spark. */
@Command(name = "validate", description = "Check a pipeline file and print every problem with file:line:col.")
final class ValidateCommand implements Callable<Integer> {
    @Mixin
    PipelineFile pipelineFile;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Pipeline pipeline = pipelineFile.load();
        // The keys encrypt: names must exist in this host's key store and be enabled.
        java.util.List<Problem> keyProblems = dev.strata.core.validate.KeyChecks.check(
                pipeline, dev.strata.core.crypto.KeyStore.fromEnvironment(System.getenv()));
        // Source folders that are missing or empty warn: the data may land before the run.
        java.util.List<Problem> warnings = new java.util.ArrayList<>(pipeline.warnings());
        warnings.addAll(dev.strata.core.validate.SourcePathChecks.check(pipeline));
        warnings.sort(Problem.BY_POSITION);
        if (!keyProblems.isEmpty()) {
            throw new dev.strata.core.spec.PipelineValidationException(keyProblems, warnings);
        }
        for (Problem warning : warnings) {
            spec.commandLine().getErr().println(warning);
        }
        spec.commandLine()
                .getOut()
                .printf(
                        java.util.Locale.ROOT,
                        "%s: valid (pipeline %s: %d datasets, %d sources)%n",
                        pipelineFile.file,
                        pipeline.spec().name(),
                        pipeline.spec().datasets().size(),
                        pipeline.spec().sources().size());
        return 0;
    }
}
