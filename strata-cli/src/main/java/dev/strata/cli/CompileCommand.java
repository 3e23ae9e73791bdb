package dev.strata.cli;

import dev.strata.core.plan.CompiledSql;
import dev.strata.core.plan.DatasetPlan;
import dev.strata.core.plan.PipelinePlan;
import dev.strata.core.plan.Planner;
import dev.strata.core.spec.Pipeline;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code strata compile FILE}: each dataset's input and the Spark SQL of its steps; with --explain, Spark's plan. */
@Command(
        name = "compile",
        description = "Print each dataset's input and the Spark SQL of its steps, parameters substituted, in build"
                + " order; with --explain, Spark's physical plan too.")
final class CompileCommand implements Callable<Integer> {
    @Mixin
    PipelineFile pipelineFile;

    @Option(
            names = "--only",
            paramLabel = "SELECTOR",
            description = "dbt-like selection: silver.orders+, +gold.x, silver.*, tag:pii")
    String only;

    @Option(
            names = "--explain",
            description = "Also print Spark's physical plan of each dataset, over its sources and the tables built so"
                    + " far (starts Spark).")
    boolean explain;

    @Mixin
    SparkOptions spark;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Pipeline pipeline = pipelineFile.load();
        PipelinePlan whole = Planner.plan(pipeline.spec());
        PipelinePlan plan = only == null ? whole : whole.only(only);
        PrintWriter out = spec.commandLine().getOut();
        if (!explain) {
            out.print(CompiledSql.render(plan, pipeline.spec()));
            out.flush();
            return 0;
        }
        SparkSession session = spark.start("strata compile", pipeline);
        try {
            DatasetExplainer explainer = new DatasetExplainer(session, pipeline, whole);
            for (DatasetPlan dataset : plan.datasets()) {
                out.print(CompiledSql.render(dataset, pipeline.spec()));
                out.println(explainer.explain(dataset));
                out.flush();
            }
        } finally {
            session.stop();
        }
        return 0;
    }
}
