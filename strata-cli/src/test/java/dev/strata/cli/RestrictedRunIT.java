package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.store.MetadataStore;
import dev.strata.store.ScratchDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code strata run --restricted}, as the server starts a run: a real {@code bin/strata} process for each finding of
 * the penetration test (issue 11), with a canary in place of the host's secrets.
 */
class RestrictedRunIT {
    private static final String CANARY = "CANARY-5b1e";

    @TempDir
    Path dir;

    /** What one process printed, and its exit code. */
    record Outcome(int exitCode, String out, String err) {}

    private Outcome strata(Map<String, String> env, String... args) throws Exception {
        List<String> command =
                new ArrayList<>(List.of("bash", Path.of("..", "bin", "strata").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("STRATA_DRIVER_MEMORY", "2g");
        builder.environment().put("STRATA_HOME", dir.resolve("home").toString());
        builder.environment().putAll(env);
        Process process = builder.start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        String out = read(process.getInputStream());
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("strata exits").isTrue();
        return new Outcome(process.exitValue(), out, err.get());
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Path pipeline(String name, String yaml) throws IOException {
        Path file = dir.resolve("pipelines").resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return file;
    }

    private List<String> restricted(Path file, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "run",
                file.toString(),
                "--restricted",
                "--allowed-root",
                file.getParent().toString(),
                "--summary-json",
                dir.resolve("runs/r1/summary.json").toString(),
                "--no-progress",
                "--master",
                "local[2]"));
        args.addAll(List.of(more));
        return args;
    }

    @Test
    void refusesFilesByPathJavaCallsAndProgramsBeforeSparkStarts() throws Exception {
        Path canary = Files.writeString(dir.resolve("canary.txt"), CANARY + "\n", StandardCharsets.UTF_8);
        Path file = pipeline("sql.yaml", """
                name: attack
                datasets:
                  gold.file: {sql: "SELECT value FROM text.`%s`"}
                  gold.env: {sql: "SELECT reflect('java.lang.System', 'getenv', 'STRATA_DB_URL') AS url"}
                  gold.method:
                    sql: SELECT 1 AS one
                    transform:
                      - derive: {home: "java_method('java.lang.System', 'getenv', 'HOME')"}
                  gold.shell: {sql: "SELECT TRANSFORM(one) USING 'cat %s' AS (line) FROM gold.method"}
                """.formatted(canary, canary));

        Outcome run = strata(Map.of(), restricted(file).toArray(String[]::new));

        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err())
                .contains("strata: Cannot run sql.yaml: its SQL cannot be run as written:\n"
                        + "  datasets.gold.file.sql: reads `text`.`" + canary + "`, which is not a table name: server"
                        + " runs read tables as layer.name, never files by path\n"
                        + "  datasets.gold.env.sql: the function reflect is not available to server runs (it calls"
                        + " Java code by name)\n"
                        + "  datasets.gold.method.transform[0].derive.home: the function java_method is not available"
                        + " to server runs (it calls Java code by name)\n"
                        + "  datasets.gold.shell.sql: TRANSFORM … USING runs a program on the host, which server runs"
                        + " may not do\n");
        assertThat(run.out()).doesNotContain("Running").doesNotContain(CANARY);
        assertThat(run.err()).doesNotContain(CANARY + "\n").doesNotContain("\tat ");
    }

    @Test
    void resolvesDeclaredParametersOnlyAndKeepsEveryLocationUnderTheAllowedRoots() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.createDirectories(dir.resolve("pipelines"));
        Path link = Files.createSymbolicLink(dir.resolve("pipelines/link"), outside);
        Path file = pipeline("escape.yaml", """
                name: escape
                parameters:
                  ROOT: {type: string, default: lakehouse}
                storage: {root: "${ROOT}"}
                sources:
                  db: {format: csv, path: "data/${STRATA_DB_URL}"}
                  home: {format: csv, path: "${HOME}/.ssh/"}
                  theirs: {format: delta, path: %s}
                  linked: {format: csv, path: link/}
                datasets:
                  bronze.db: {from: db}
                  bronze.home: {from: home}
                  bronze.theirs: {from: theirs}
                  bronze.linked: {from: linked}
                """.formatted(outside.resolve("lakehouse/silver/orders")));
        String name = file.toString();
        Map<String, String> env = Map.of("STRATA_DB_URL", "jdbc:postgresql://127.0.0.1/" + CANARY, "HOME", "/root");

        Outcome variables =
                strata(env, restricted(file, "--param", "ROOT=" + outside).toArray(String[]::new));

        assertThat(variables.exitCode()).isEqualTo(2);
        assertThat(variables.err().lines())
                .containsExactly(
                        name + ":6:27: sources.db.path: ${STRATA_DB_URL} is not available to server runs: names"
                                + " starting with STRATA_ are Strata's own settings (declare a parameter under"
                                + " parameters:, e.g. DB_URL: {type: string}, and give its value with the run)",
                        name + ":7:29: sources.home.path: ${HOME} is not available to server runs: they see declared"
                                + " parameters only, and the environment variables the operator lists in"
                                + " STRATA_RUN_ENV (declare it under parameters:, e.g. HOME: {type: string}, and give"
                                + " its value with the run)",
                        "2 problem(s) found.");
        assertThat(variables.out() + variables.err()).doesNotContain(CANARY);

        Files.writeString(
                file,
                Files.readString(file)
                        .replace("data/${STRATA_DB_URL}", "data/")
                        .replace("${HOME}/.ssh/", "${HOME_DIR}/")
                        .replace("parameters:\n", "parameters:\n  HOME_DIR: {type: string}\n"));

        Outcome locations = strata(
                Map.of(),
                restricted(file, "--param", "ROOT=" + outside, "--param", "HOME_DIR=" + link)
                        .toArray(String[]::new));

        String hint = " (a server run reads and writes only under its allowed roots)";
        assertThat(locations.exitCode()).isEqualTo(2);
        assertThat(locations.err().lines())
                .containsExactly(
                        name + ":5:17: storage.root: Cannot use '" + outside + "' in a server run: it is outside the"
                                + " allowed roots (" + file.getParent() + ")" + hint,
                        name + ":8:29: sources.home.path: Cannot use '" + link + "' in a server run: it resolves to '"
                                + outside.toRealPath() + "' through a symbolic link, outside the allowed roots ("
                                + file.getParent() + ")" + hint,
                        name + ":9:33: sources.theirs.path: Cannot use '" + outside.resolve("lakehouse/silver/orders")
                                + "' in a server run: it is outside the allowed roots (" + file.getParent() + ")"
                                + hint,
                        name + ":10:31: sources.linked.path: Cannot use '" + link + "' in a server run: it resolves"
                                + " to '" + outside.toRealPath() + "' through a symbolic link, outside the allowed"
                                + " roots (" + file.getParent() + ")" + hint,
                        "4 problem(s) found.");
    }

    @Test
    void keepsDataValuesOfSparkMessagesInThePrivateLogOnly() throws Exception {
        Path data = Files.createDirectories(dir.resolve("pipelines/data"));
        Files.writeString(data.resolve("people.csv"), "id,name\n1," + CANARY + "-ann\n", StandardCharsets.UTF_8);
        String yaml = """
                name: canary
                parameters:
                  LIMIT: {type: int}
                sources:
                  people: {format: csv, path: data/, options: {header: "true"}}
                datasets:
                  bronze.people: {from: people, write: {mode: overwrite}}
                  gold.raise: {sql: "SELECT CAST(raise_error(concat('boom ', name)) AS STRING) AS x FROM bronze.people LIMIT ${LIMIT}"}
                  gold.convert: {sql: "SELECT to_number(name, '999') AS n FROM bronze.people"}
                """;
        Path file = pipeline("pipeline.yaml", yaml);
        Path summary = dir.resolve("runs/r1/summary.json");
        String runId = "restricted-it-1";

        try (ScratchDatabase database = ScratchDatabase.create();
                MetadataStore store = MetadataStore.open(database.settings(""))) {
            var saved = store.pipelines()
                    .save("canary", yaml, file.getParent().toString(), file.toString(), "it", Instant.now());
            store.runs()
                    .queue(
                            runId,
                            "canary",
                            saved.pipeline().version(),
                            null,
                            Map.of("LIMIT", "5"),
                            "it",
                            Instant.now());
            assertThat(store.runs().claimNext("it", Instant.now())).isPresent();

            Outcome run = strata(
                    Map.of("STRATA_DB_URL", ScratchDatabase.server() + database.name(), "STRATA_DB_USER", "postgres"),
                    restricted(
                                    file,
                                    "--run-id",
                                    runId,
                                    "--base-dir",
                                    file.getParent().toString(),
                                    "--param",
                                    "LIMIT=5")
                            .toArray(String[]::new));

            assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
            assertThat(run.out())
                    .contains("Running canary (run " + runId + ") on local[2]")
                    .containsPattern("gold.raise: Cannot build gold.raise: [A-Za-z_\\[\\]. ]+ caused by"
                            + " RuntimeException \\(details withheld from server runs")
                    .contains("gold.convert: Cannot build gold.convert: [INVALID_FORMAT.MISMATCH_INPUT] (details"
                            + " withheld from server runs")
                    .doesNotContain(CANARY);
            assertThat(run.err()).isEmpty();
            assertThat(Files.readString(summary))
                    .contains("INVALID_FORMAT.MISMATCH_INPUT")
                    .doesNotContain(CANARY);
            String record = database.jdbi()
                    .withHandle(h -> h.createQuery("SELECT string_agg(t::text, ' ') FROM ("
                                    + " SELECT r::text AS t FROM runs r UNION ALL"
                                    + " SELECT d::text FROM run_datasets d) all_rows")
                            .mapTo(String.class)
                            .one());
            assertThat(record)
                    .as("the run's record in the store")
                    .contains("INVALID_FORMAT.MISMATCH_INPUT")
                    .doesNotContain(CANARY);

            Path log = summary.getParent().resolve("engine.log");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log)))
                    .isEqualTo("rw-------");
            assertThat(Files.readString(log))
                    .as("the details are kept for the operator")
                    .contains(CANARY + "-ann");
        }
    }
}
