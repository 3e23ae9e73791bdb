package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.store.ScratchDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ${secret:NAME}} as a user meets it, through {@code bin/strata} in processes of its own: secrets from the
 * environment and from a private file reach Spark, and never come back out. Each secret is a random canary looked for
 * in everything the commands print and store: stdout, stderr (Spark's own error log included), the summary JSON, every
 * file under the lakehouse (run records) and every row of the metadata store.
 */
class SecretsIT {
    private static final Path LAUNCHER = Path.of("..", "bin", "strata");
    private static final String ENCODING = "canary-encoding-" + UUID.randomUUID();
    private static final String S3_KEY = "canary-s3-key-" + UUID.randomUUID();
    private static final String JDBC_PASSWORD = "canary-jdbc-" + UUID.randomUUID();

    @TempDir
    static Path work;

    static ScratchDatabase database;

    /** What one process printed and returned. */
    record Outcome(int exitCode, String out, String err) {}

    @BeforeAll
    static void setUp() throws IOException {
        database = ScratchDatabase.create();
        Files.createDirectories(work.resolve("in"));
        Files.writeString(work.resolve("in/a.csv"), "id,n\n1,10\n2,20\n", StandardCharsets.UTF_8);
        Path secrets = Files.createDirectories(work.resolve("secrets"));
        Files.writeString(secrets.resolve("s3-key"), S3_KEY + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(secrets.resolve("s3-key"), PosixFilePermissions.fromString("rw-------"));
    }

    @AfterAll
    static void tearDown() {
        database.close();
    }

    private static Path write(String name, String yaml) throws IOException {
        return Files.writeString(work.resolve(name), yaml, StandardCharsets.UTF_8);
    }

    private static Outcome strata(Map<String, String> secrets, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", LAUNCHER.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(work.resolve("out.txt").toFile())
                .redirectError(work.resolve("err.txt").toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("STRATA_SECRET"));
        env.put("STRATA_SECRETS_DIR", work.resolve("secrets").toString());
        env.put("STRATA_SECRETS_MOUNT", work.resolve("no-mount").toString());
        env.put("STRATA_DB_URL", ScratchDatabase.server() + database.name());
        env.put("STRATA_DB_USER", "postgres");
        env.put("STRATA_HOME", work.resolve("home").toString());
        env.put("STRATA_DRIVER_MEMORY", "1g");
        env.putAll(secrets);
        Process process = builder.start();
        assertThat(process.waitFor(3, TimeUnit.MINUTES))
                .as("strata %s finished", args[0])
                .isTrue();
        return new Outcome(
                process.exitValue(),
                Files.readString(work.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(work.resolve("err.txt"), StandardCharsets.UTF_8));
    }

    /** Every file under {@code root} as text. */
    private static List<String> filesUnder(Path root) throws IOException {
        List<String> texts = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                texts.add(file + ":\n" + new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        }
        return texts;
    }

    /** Every row of every table of the metadata store, as text. */
    private static List<String> storeRows() {
        return database.jdbi().withHandle(handle -> {
            List<String> rows = new ArrayList<>();
            List<String> tables = handle.createQuery("SELECT format('%I.%I', table_schema, table_name)"
                            + " FROM information_schema.tables WHERE table_type = 'BASE TABLE'"
                            + " AND table_schema NOT IN ('pg_catalog', 'information_schema')")
                    .mapTo(String.class)
                    .list();
            for (String table : tables) {
                rows.addAll(handle.createQuery("SELECT t::text FROM " + table + " t")
                        .mapTo(String.class)
                        .list());
            }
            return rows;
        });
    }

    @Test
    void aRunUsesSecretsAndShowsAndStoresNoneOfThem() throws Exception {
        // An encoding that does not exist fails the read in a Spark task: Spark's exception names it, Spark logs it,
        // and the run's failure message quotes it. The S3 key only rides along in the options.
        Path pipeline = write("run.yaml", """
                name: secrets
                sources:
                  raw:
                    format: csv
                    path: in/
                    options: {header: "true", encoding: "${secret:csv-encoding}", fs.s3a.secret.key: "${secret:s3-key}"}
                    schema: "id INT, n INT"
                datasets:
                  bronze.t: {from: raw}
                """);
        Path summary = work.resolve("out/summary.json");

        Outcome run = strata(
                Map.of("STRATA_SECRET_CSV_ENCODING", ENCODING),
                "run",
                pipeline.toString(),
                "--master",
                "local[1]",
                "--run-id",
                "secrets-1",
                "--summary-json",
                summary.toString(),
                "--no-progress");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.out())
                .as("the summary table")
                .containsPattern("bronze\\.t\\s+FAILED")
                .contains("java.io.UnsupportedEncodingException: ***");
        assertThat(run.err())
                .as("Spark's own log of the failed task")
                .contains("ERROR Executor: Exception in task")
                .contains("java.io.UnsupportedEncodingException: ***");
        String json = Files.readString(summary, StandardCharsets.UTF_8);
        assertThat(json).contains("UnsupportedEncodingException: ***");
        Path record = work.resolve("lakehouse/_strata/runs/secrets-1.json");
        assertThat(record).exists();
        assertThat(Files.readString(record, StandardCharsets.UTF_8)).contains("UnsupportedEncodingException: ***");
        List<String> rows = storeRows();
        assertThat(String.join("\n", rows)).as("the store recorded the run").contains("secrets-1");

        List<String> everything = new ArrayList<>(List.of(run.out(), run.err(), json));
        everything.addAll(filesUnder(work.resolve("lakehouse")));
        everything.addAll(rows);
        for (String canary : List.of(ENCODING, S3_KEY)) {
            assertThat(everything).as("where %s shows", canary).noneMatch(text -> text.contains(canary));
        }
    }

    @Test
    void thePlanShowsAConnectionUrlWithItsSecretMasked() throws Exception {
        Path pipeline = write("plan.yaml", """
                name: plan
                sources:
                  customers: {format: jdbc, url: "jdbc:postgresql://db:5432/shop?user=app&password=${secret:db-password}", table: customers}
                datasets:
                  bronze.customers: {from: customers}
                """);

        Outcome text = strata(Map.of("STRATA_SECRET_DB_PASSWORD", JDBC_PASSWORD), "plan", pipeline.toString());
        Outcome json = strata(
                Map.of("STRATA_SECRET_DB_PASSWORD", JDBC_PASSWORD), "plan", pipeline.toString(), "--format", "json");

        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).contains("customers at jdbc:postgresql://db:5432/shop?user=app&password=***");
        assertThat(json.exitCode()).as(json.err()).isZero();
        assertThat(List.of(text.out(), text.err(), json.out(), json.err()))
                .noneMatch(printed -> printed.contains(JDBC_PASSWORD));
    }

    @Test
    void validateLocatesAMissingSecretAndALiteralCredential() throws Exception {
        Path pipeline = write("invalid.yaml", """
                name: invalid
                sources:
                  raw:
                    format: csv
                    path: in/
                    options: {header: "true", fs.s3a.access.key: "${secret:absent}", fs.s3a.secret.key: wJalrXUtnFEMI}
                datasets:
                  bronze.t: {from: raw}
                """);

        Outcome validate = strata(Map.of(), "validate", pipeline.toString());

        assertThat(validate.exitCode()).isEqualTo(2);
        assertThat(validate.err())
                .isEqualTo(pipeline + ":6:50: sources.raw.options.fs.s3a.access.key: secret 'absent' is not set;"
                        + " looked in environment variable STRATA_SECRET_ABSENT (not set), file "
                        + work.resolve("secrets/absent") + " (no such file), Kubernetes secret mount "
                        + work.resolve("no-mount/absent") + " (no directory " + work.resolve("no-mount") + ")"
                        + " (provide it in one of those places; STRATA_SECRET_SOURCES chooses and orders them)\n"
                        + pipeline + ":6:89: sources.raw.options.fs.s3a.secret.key: a literal credential"
                        + " (write ${secret:NAME} and keep the value in a secret store)\n"
                        + "2 problem(s) found.\n");
    }
}
