package dev.strata.cli;

import dev.strata.core.plan.PipelinePlan;
import dev.strata.core.plan.PlanFormat;
import dev.strata.core.plan.PlanRenderer;
import dev.strata.core.plan.Planner;
import dev.strata.core.spec.Pipeline;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code strata plan FILE}: the DAG in topological order. */
@Command(name = "plan", description = "Print the datasets in run order with inputs, write mode, format and rules.")
final class PlanCommand implements Callable<Integer> {
    @Mixin
    PipelineFile pipelineFile;

    @Option(
            names = "--format",
            defaultValue = "text",
            description = "text | json | dot | mermaid (default: ${DEFAULT-VALUE}).",
            converter = PlanFormatConverter.class)
    PlanFormat format;

    @Option(
            names = "--only",
            paramLabel = "SELECTOR",
            description = "dbt-like selection: silver.orders+, +gold.x, silver.*, tag:pii")
    String only;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Pipeline pipeline = pipelineFile.load();
        PipelinePlan plan = Planner.plan(pipeline.spec());
        if (only != null) {
            plan = plan.only(only);
        }
        spec.commandLine().getOut().print(PlanRenderer.render(plan, pipeline.spec(), format));
        spec.commandLine().getOut().flush();
        return 0;
    }

    static final class PlanFormatConverter implements picocli.CommandLine.ITypeConverter<PlanFormat> {
        @Override
        public PlanFormat convert(String value) {
            try {
                return PlanFormat.valueOf(value.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(
                        "unknown format '" + value + "' (expected text | json | dot | mermaid)");
            }
        }
    }
}
