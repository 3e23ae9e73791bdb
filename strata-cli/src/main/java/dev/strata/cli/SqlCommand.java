package dev.strata.cli;

import dev.strata.core.crypto.DecryptAudit;
import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.Messages;
import dev.strata.core.error.StrataException;
import dev.strata.core.plan.DatasetPlan;
import dev.strata.core.plan.Planner;
import dev.strata.core.spec.Pipeline;
import dev.strata.engine.access.Masking;
import dev.strata.engine.crypto.DecryptFunctions;
import dev.strata.engine.run.TableLocations;
import dev.strata.engine.sink.IcebergCatalogs;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
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
        SparkSession session = spark.start("strata sql", pipeline);
        try {
            TableLocations locations = new TableLocations(pipeline.spec().storage());
            var plans = Planner.plan(pipeline.spec()).datasets();
            locations.registerAll(session, plans);
            Masking.restrictAll(session, locations, plans, role.role());
            // Iceberg's own SQL (snapshot_id_<id>, metadata tables) on a catalog named `iceberg`.
            IcebergCatalogs.registerAlias(session, pipeline.spec().storage(), "iceberg");
            String principal = KeysCommand.localUser();
            DecryptFunctions decrypt =
                    DecryptFunctions.register(session, pipeline, KeysCommand.store(), principal, List.of(principal));
            DecryptAudit audit = DecryptAudit.fromEnvironment(System.getenv());
            boolean asksDecrypt = query.toLowerCase(Locale.ROOT).contains(DecryptFunctions.NAME);
            if (asksDecrypt && !decrypt.available()) {
                audit(audit, decrypt, pipeline, List.of(), "denied");
                String keys = String.join(", ", decrypt.encryptedKeys());
                throw new StrataException(
                        ErrorCode.ACCESS_DENIED,
                        "Cannot run query: " + DecryptFunctions.NAME + " is not available to " + principal + ": it is"
                                + " granted none of the keys this pipeline encrypts with"
                                + (keys.isEmpty() ? "" : " (" + keys + ")")
                                + " (ask a key admin to run strata keys grant "
                                + (keys.isEmpty()
                                        ? "KEY"
                                        : decrypt.encryptedKeys().iterator().next()) + " "
                                + principal + ")");
            }
            Dataset<Row> result;
            String printed;
            try {
                try {
                    result = session.sql(query).limit(limit);
                } catch (Exception e) { // Spark's AnalysisException is checked, though Scala declares none
                    throw QueryErrors.refused(query, e, tableNames(plans));
                }
                try {
                    printed = QueryOutput.render(result, output);
                } catch (RuntimeException e) {
                    throw new StrataException(ErrorCode.INVALID_SPEC, "Cannot run query: " + rootMessage(e));
                }
            } catch (StrataException e) {
                if (!decrypt.used().isEmpty()) {
                    audit(audit, decrypt, pipeline, decrypt.used(), "failed");
                }
                throw e;
            }
            if (!decrypt.used().isEmpty()) {
                audit(audit, decrypt, pipeline, decrypt.used(), "ok");
            }
            PrintWriter out = spec.commandLine().getOut();
            out.print(printed);
            out.flush();
        } finally {
            spark.release(session);
        }
        return 0;
    }

    private void audit(
            DecryptAudit audit, DecryptFunctions decrypt, Pipeline pipeline, List<String> columns, String outcome) {
        audit.record(new DecryptAudit.Entry(
                java.time.Instant.now(),
                decrypt.principal(),
                pipeline.spec().name(),
                query,
                columns,
                decrypt.usedKeys(),
                decrypt.decrypted(),
                outcome));
    }

    /** The names a query can read the pipeline's tables by: each dataset's and its quarantine's. */
    private static List<String> tableNames(List<DatasetPlan> plans) {
        return plans.stream()
                .flatMap(plan ->
                        java.util.stream.Stream.of(plan.name(), plan.name().quarantine()))
                .map(Object::toString)
                .toList();
    }

    /** The innermost message: a failed task wraps the function's own reason in Spark's job failure. */
    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return Messages.firstLine(cause);
    }
}
