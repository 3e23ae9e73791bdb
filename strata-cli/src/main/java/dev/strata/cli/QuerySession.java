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
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A Spark session over a pipeline's tables, queried by their dataset names, as {@code strata sql} and {@code strata
 * shell} query them: the tables registered, the reader's role's masks applied, {@code strata_decrypt} for the keys
 * the user is granted, and each query's decryption audited. Closing it releases the session ({@link
 * SparkOptions#release}: a warm engine's stays up).
 */
final class QuerySession implements AutoCloseable {
    private final SparkSession session;
    private final Pipeline pipeline;
    private final List<DatasetPlan> plans;
    private final TableLocations locations;
    private final String role;
    private final DecryptFunctions decrypt;
    private final DecryptAudit audit;
    private final Runnable release;

    private QuerySession(
            SparkSession session,
            Pipeline pipeline,
            List<DatasetPlan> plans,
            TableLocations locations,
            String role,
            DecryptFunctions decrypt,
            DecryptAudit audit,
            Runnable release) {
        this.session = session;
        this.pipeline = pipeline;
        this.plans = plans;
        this.locations = locations;
        this.role = role;
        this.decrypt = decrypt;
        this.audit = audit;
        this.release = release;
    }

    /** Starts (or, in the warm engine, takes) the session of {@code spark} and registers the pipeline's tables. */
    static QuerySession open(Pipeline pipeline, SparkOptions spark, String appName, String role) {
        SparkSession session = spark.start(appName, pipeline);
        return open(pipeline, session, role, () -> spark.release(session));
    }

    /**
     * Registers the pipeline's tables in {@code session} for a reader of {@code role}; {@code release} ends the use
     * of the session, at {@link #close} or if the registration fails.
     */
    static QuerySession open(Pipeline pipeline, SparkSession session, String role, Runnable release) {
        try {
            List<DatasetPlan> plans = Planner.plan(pipeline.spec()).datasets();
            TableLocations locations = new TableLocations(pipeline.spec().storage());
            locations.registerAll(session, plans);
            Masking.restrictAll(session, locations, plans, role);
            // Iceberg's own SQL (snapshot_id_<id>, metadata tables) on a catalog named `iceberg`.
            IcebergCatalogs.registerAlias(session, pipeline.spec().storage(), "iceberg");
            String principal = KeysCommand.localUser();
            DecryptFunctions decrypt =
                    DecryptFunctions.register(session, pipeline, KeysCommand.store(), principal, List.of(principal));
            return new QuerySession(
                    session,
                    pipeline,
                    plans,
                    locations,
                    role,
                    decrypt,
                    DecryptAudit.fromEnvironment(System.getenv()),
                    release);
        } catch (RuntimeException e) {
            release.run();
            throw e;
        }
    }

    SparkSession session() {
        return session;
    }

    Pipeline pipeline() {
        return pipeline;
    }

    /** The names a query can read the pipeline's tables by: each dataset's and its quarantine's. */
    List<String> tableNames() {
        return plans.stream()
                .flatMap(plan -> Stream.of(plan.name(), plan.name().quarantine()))
                .map(Object::toString)
                .toList();
    }

    /** The table's format: the dataset's, or Delta for a quarantine. */
    String format(String table) {
        return plans.stream()
                .filter(plan -> plan.name().toString().equals(table))
                .map(plan -> plan.format().id())
                .findFirst()
                .orElse("delta");
    }

    /**
     * Registers the tables a run built since the session opened, as {@link #open} registers them (the role's masks
     * applied); the ones registered before stay as they are.
     */
    void registerNewTables() {
        long before = tableNames().stream().filter(this::built).count();
        locations.registerAll(session, plans);
        if (tableNames().stream().filter(this::built).count() != before) {
            Masking.restrictAll(session, locations, plans, role);
        }
    }

    /** Whether the table exists and is registered: the pipeline has written it. */
    boolean built(String table) {
        int dot = table.indexOf('.');
        return dot > 0 && session.catalog().tableExists(table.substring(0, dot), table.substring(dot + 1));
    }

    /**
     * Runs one query and renders at most {@code limit} of its rows as {@code format} ({@link QueryOutput}); a query
     * Spark refuses, or that fails, is a {@link StrataException} ({@link QueryErrors}).
     */
    String run(String query, String format, int limit) {
        decrypt.forgetUsage();
        boolean asksDecrypt = query.toLowerCase(Locale.ROOT).contains(DecryptFunctions.NAME);
        if (asksDecrypt && !decrypt.available()) {
            audit(query, List.of(), "denied");
            String keys = String.join(", ", decrypt.encryptedKeys());
            throw new StrataException(
                    ErrorCode.ACCESS_DENIED,
                    "Cannot run query: " + DecryptFunctions.NAME + " is not available to " + decrypt.principal()
                            + ": it is granted none of the keys this pipeline encrypts with"
                            + (keys.isEmpty() ? "" : " (" + keys + ")")
                            + " (ask a key admin to run strata keys grant "
                            + (keys.isEmpty()
                                    ? "KEY"
                                    : decrypt.encryptedKeys().iterator().next()) + " "
                            + decrypt.principal() + ")");
        }
        String printed;
        try {
            Dataset<Row> result;
            try {
                result = session.sql(query).limit(limit);
            } catch (Exception e) { // Spark's AnalysisException is checked, though Scala declares none
                throw QueryErrors.refused(query, e, tableNames());
            }
            try {
                printed = QueryOutput.render(result, format);
            } catch (RuntimeException e) {
                throw new StrataException(ErrorCode.INVALID_SPEC, "Cannot run query: " + rootMessage(e));
            }
        } catch (StrataException e) {
            if (!decrypt.used().isEmpty()) {
                audit(query, decrypt.used(), "failed");
            }
            throw e;
        }
        if (!decrypt.used().isEmpty()) {
            audit(query, decrypt.used(), "ok");
        }
        return printed;
    }

    private void audit(String query, List<String> columns, String outcome) {
        audit.record(new DecryptAudit.Entry(
                Instant.now(),
                decrypt.principal(),
                pipeline.spec().name(),
                query,
                columns,
                decrypt.usedKeys(),
                decrypt.decrypted(),
                outcome));
    }

    /** The innermost message: a failed task wraps the function's own reason in Spark's job failure. */
    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return Messages.firstLine(cause);
    }

    @Override
    public void close() {
        release.run();
    }
}
