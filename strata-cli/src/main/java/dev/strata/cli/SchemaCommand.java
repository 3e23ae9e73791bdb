package dev.strata.cli;

import dev.strata.core.validate.PipelineSchema;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code strata schema}: the JSON Schema of the pipeline file, for editors. */
@Command(
        name = "schema",
        description = "Print the JSON Schema of the pipeline file (also in docs/pipeline.schema.json).")
final class SchemaCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println(PipelineSchema.bundled());
        return 0;
    }
}
