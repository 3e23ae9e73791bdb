package dev.strata.engine.isolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.strata.core.ledger.Ledger;
import dev.strata.core.run.DatasetResult;
import dev.strata.core.run.RunResult;
import dev.strata.core.run.RunStatus;
import dev.strata.core.spec.AllowedRoots;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.spec.Variables;
import dev.strata.core.validate.PipelineLoader;
import dev.strata.engine.SharedSpark;
import dev.strata.engine.run.PipelineRunner;
import dev.strata.engine.run.RunListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run as the server starts it, on a locked-down session of the shared one: no file read by path, no Java called by
 * name, no source file reached through a link out of the allowed roots, and no data value of a Spark message in the
 * run's outcome.
 */
class RestrictedRunIT {
    private static final String CANARY = "CANARY-7f3a";

    @TempDir
    Path dir;

    private Path allowed;
    private Path outside;
    private final SparkSession shared = SharedSpark.session();

    @BeforeEach
    void folders() throws IOException {
        allowed = Files.createDirectories(dir.resolve("allowed"));
        outside = Files.createDirectories(dir.resolve("outside"));
        Files.createDirectories(allowed.resolve("data"));
        Files.writeString(allowed.resolve("data/people.csv"), "id,name\n1,ann\n2,bob\n", StandardCharsets.UTF_8);
        Files.writeString(outside.resolve("secret.txt"), CANARY + "-file\n", StandardCharsets.UTF_8);
    }

    private Pipeline pipeline(String datasets) throws IOException {
        Path file = allowed.resolve("pipeline.yaml");
        Files.writeString(
                file,
                "name: restricted\n"
                        + "parameters:\n"
                        + "  PREFIX: {type: string, default: \"" + CANARY + "-\"}\n"
                        + "sources:\n"
                        + "  people: {format: csv, path: data/, options: {header: \"true\"}}\n"
                        + "datasets:\n"
                        + "  bronze.people: {from: people, write: {mode: overwrite}}\n"
                        + datasets,
                StandardCharsets.UTF_8);
        return PipelineLoader.load(
                file, file, Variables.restricted(Map.of(), Map.of()), AllowedRoots.of(List.of(allowed.toString())));
    }

    private RunResult run(Pipeline pipeline, String runId) {
        SparkSession session = RestrictedSession.apply(shared.newSession());
        return new PipelineRunner(session, pipeline, RunListener.NONE)
                .restricted(AllowedRoots.of(List.of(allowed.toString())))
                .run(runId, null, 0);
    }

    private static Map<String, DatasetResult> byName(RunResult result) {
        return result.datasets().stream().collect(Collectors.toMap(DatasetResult::dataset, d -> d));
    }

    @Test
    void aLockedDownSessionReadsNoFileByPathAndCallsNoJavaWhileOtherSessionsStillDo() {
        SparkSession restricted = RestrictedSession.apply(shared.newSession());
        String secret = outside.resolve("secret.txt").toString();

        assertThat(catchThrowable(() ->
                        restricted.sql("SELECT * FROM text.`" + secret + "`").collectAsList()))
                .hasMessageContaining("[TABLE_OR_VIEW_NOT_FOUND]");
        assertThat(catchThrowable(() -> restricted.sql("SELECT reflect('java.lang.System', 'getenv', 'HOME')")))
                .hasMessageContaining("[UNRESOLVED_ROUTINE] Cannot resolve function `reflect`");
        assertThat(catchThrowable(() -> restricted.range(1).selectExpr("java_method('java.lang.Math', 'abs', -1)")))
                .hasMessageContaining("[UNRESOLVED_ROUTINE] Cannot resolve function `java_method`");

        SparkSession open = shared.newSession();
        assertThat(open.sql("SELECT * FROM text.`" + secret + "`").first().getString(0))
                .as("without the lockdown the same SQL reads the file")
                .isEqualTo(CANARY + "-file");
        assertThat(open.sql("SELECT java_method('java.lang.Math', 'abs', -1)")
                        .first()
                        .getString(0))
                .isEqualTo("1");
    }

    @Test
    void aServerRunKeepsDataValuesOfSparkMessagesOutOfItsOutcome() throws IOException {
        // A string column, which the write must compute: a column of raise_error's own type (void) is not written.
        Pipeline pipeline =
                pipeline("  gold.raise: {sql: \"SELECT CAST(raise_error(concat('${PREFIX}', name)) AS STRING) AS x"
                        + " FROM bronze.people\"}\n"
                        + "  gold.convert: {sql: \"SELECT to_number(concat('${PREFIX}', name), '999') AS n"
                        + " FROM bronze.people\"}\n");

        RunResult result = run(pipeline, "restricted-1");

        Map<String, DatasetResult> datasets = byName(result);
        assertThat(datasets.get("bronze.people").status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(datasets.get("gold.raise").message())
                .isEqualTo("Cannot build gold.raise: [TASK_WRITE_FAILED] caused by RuntimeException "
                        + FailureDetails.WITHHELD);
        assertThat(datasets.get("gold.convert").message())
                .isEqualTo("Cannot build gold.convert: [INVALID_FORMAT.MISMATCH_INPUT] " + FailureDetails.WITHHELD);
        assertThat(Ledger.json().writeValueAsString(result)).doesNotContain(CANARY);
        String ledgerFiles;
        try (Stream<Path> files = Files.walk(allowed.resolve("lakehouse/_strata"))) {
            ledgerFiles = files.filter(Files::isRegularFile)
                    .map(RestrictedRunIT::read)
                    .collect(Collectors.joining("\n"));
        }
        assertThat(ledgerFiles)
                .as("the run's record and ledger entries")
                .contains("gold.raise")
                .doesNotContain(CANARY);

        Throwable sparks = catchThrowable(() -> shared.read()
                .format("delta")
                .load(allowed.resolve("lakehouse/bronze/people").toString())
                .selectExpr("raise_error(concat('" + CANARY + "-', name))")
                .collectAsList());
        StringWriter trace = new StringWriter();
        sparks.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString())
                .as("Spark's own exception carries the value, which the run's outcome withheld")
                .contains(CANARY + "-ann");
    }

    @Test
    void aServerRunReadsNoSourceFileLinkedFromOutsideItsRoots() throws IOException {
        Files.createSymbolicLink(allowed.resolve("data/leak.csv"), outside.resolve("secret.txt"));
        Pipeline pipeline = pipeline("");

        RunResult result = run(pipeline, "restricted-2");

        DatasetResult bronze = byName(result).get("bronze.people");
        assertThat(bronze.status()).isEqualTo(RunStatus.FAILED);
        assertThat(bronze.message())
                .isEqualTo("Cannot read source people: its file file:" + allowed.resolve("data/leak.csv")
                        + " may not be read by a server run: it resolves to '"
                        + outside.toRealPath().resolve("secret.txt")
                        + "' through a symbolic link, outside the allowed roots (" + allowed + ") (keep a source's"
                        + " files, and the links among them, under the allowed roots)");
        assertThat(Ledger.json().writeValueAsString(result)).doesNotContain(CANARY);
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1); // bytes, whatever the file
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
