package dev.strata.cli;

import dev.strata.core.spec.Pipeline;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code strata sql FILE "SELECT …"}: Spark SQL over the pipeline's tables by their dataset names. */
@Command(
        name = "sql",
        description = "Run Spark SQL over the pipeline's tables (silver.orders, silver.orders__quarantine).")
final class SqlCommand implements Callable<Integer>, WarmEngine.Servable {
    @Mixin
    PipelineFile pipelineFile;

    @Parameters(index = "1", paramLabel = "QUERY", description = "A Spark SQL query.")
    String query;

    @Mixin
    OutputFormat format;

    @Option(
            names = "--limit",
            defaultValue = "1000",
            description = "At most this many rows (default: ${DEFAULT-VALUE}).")
    int limit;

    @Mixin
    SparkOptions spark;

    @Mixin
    DaemonOption daemon;

    @Mixin
    RoleOption role;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public PipelineFile pipelineFile() {
        return pipelineFile;
    }

    @Override
    public SparkOptions spark() {
        return spark;
    }

    @Override
    public boolean inProcess() {
        return daemon.noDaemon;
    }

    @Override
    public Integer call() {
        String output = format.chosen();
        Pipeline pipeline = pipelineFile.load();
        try (QuerySession queries = QuerySession.open(pipeline, spark, "strata sql", role.role())) {
            String printed = queries.run(query, output, limit);
            PrintWriter out = spec.commandLine().getOut();
            out.print(printed);
            out.flush();
        }
        return 0;
    }
}
