package dev.strata.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.store.AuditRepository;
import dev.strata.store.MetadataStore;
import dev.strata.store.ScratchDatabase;
import dev.strata.store.StoreSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code strata audit verify} and {@code strata audit export}, run as the launcher runs them (a JVM on the server's
 * class path): against an embedded store in a home of their own, and against the machine's PostgreSQL.
 */
class AuditCommandIT {
    private static final Instant AT = Instant.parse("2026-03-01T06:00:00Z");

    @TempDir
    Path home;

    /** Where the commands find the store: an embedded one in {@link #home} unless set. */
    private ScratchDatabase database;

    @AfterEach
    void dropDatabase() {
        if (database != null) {
            database.close();
        }
    }

    record Outcome(int exitCode, String out, String err) {}

    @Test
    void verifiesTheChainUntilASuperuserChangesARow() throws Exception {
        assertThat(strata("audit", "verify")).isEqualTo(new Outcome(0, "strata audit verify: OK, 0 rows\n", ""));
        append(3);
        Outcome intact = strata("audit", "verify");
        assertThat(intact.exitCode()).as(intact.err()).isZero();
        assertThat(intact.out())
                .matches("strata audit verify: OK, 3 rows, chained up to row 3 \\(hash [0-9a-f]{64}\\)\n");

        AuditRepository.Entry changed;
        try (MetadataStore store = open()) {
            superuser(store).useHandle(h -> {
                h.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only");
                h.execute("UPDATE audit_log SET result = 'allowed', principal = 'someone-else' WHERE id = 2");
                h.execute("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only");
            });
            changed = store.audit().find(2).orElseThrow();
        }

        Outcome broken = strata("audit", "verify");
        assertThat(broken.exitCode()).isEqualTo(1);
        assertThat(broken.out()).isEmpty();
        assertThat(broken.err())
                .isEqualTo("strata audit verify: BROKEN at row 2: row 2's fields hash to "
                        + AuditRepository.hash(changed)
                        + ", but the row holds " + changed.hash() + " (the row was changed after it was written) (1 row"
                        + " before it verified)\n");
    }

    @Test
    void exportsIncrementallyAndRefusesToContinueAfterAnExportedRowChanged() throws Exception {
        database = ScratchDatabase.create();
        Path file = home.resolve("exports/audit.jsonl");
        append(3);
        assertThat(strata("audit", "export", "--to", file.toString()))
                .isEqualTo(new Outcome(0, "strata audit export: 3 rows (up to row 3) appended to " + file + "\n", ""));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(strata("audit", "export", "--to", file.toString()))
                .isEqualTo(new Outcome(0, "strata audit export: 0 rows appended to " + file + "\n", ""));
        append(2);
        assertThat(strata("audit", "export", "--to", file.toString()).out())
                .isEqualTo("strata audit export: 2 rows (up to row 5) appended to " + file + "\n");
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(5);
        try (MetadataStore store = open()) {
            for (int id = 1; id <= 5; id++) {
                assertThat(lines.get(id - 1))
                        .isEqualTo(
                                AuditRepository.jsonLine(store.audit().find(id).orElseThrow()));
            }
        }
        assertThat(strata("audit", "export", "--to", home.resolve("from3.jsonl").toString(), "--after", "3")
                        .out())
                .isEqualTo(
                        "strata audit export: 2 rows (up to row 5) appended to " + home.resolve("from3.jsonl") + "\n");

        database.jdbi().useHandle(h -> {
            h.execute("SET session_replication_role = replica");
            h.execute("UPDATE audit_log SET target = '/elsewhere' WHERE id = 5");
        });
        Outcome refused = strata("audit", "export", "--to", file.toString());
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err())
                .isEqualTo("strata: Cannot continue the audit export in " + file + ": row 5 in the store differs from"
                        + " the one exported there (the audit log changed after it was exported; run strata audit"
                        + " verify, and keep " + file + " as evidence)\n");
        assertThat(Files.readAllLines(file)).as("nothing appended").isEqualTo(lines);
    }

    private void append(int rows) {
        try (MetadataStore store = open()) {
            for (int i = 0; i < rows; i++) {
                store.audit()
                        .append(
                                AT,
                                "admin-token",
                                "POST /api/v1/pipelines",
                                "/api/v1/pipelines",
                                "allowed",
                                201,
                                "127.0.0.1");
            }
        }
    }

    private MetadataStore open() {
        return MetadataStore.open(
                database == null ? StoreSettings.embedded(home.resolve("postgres")) : database.settings("unused"));
    }

    /** The embedded store's superuser, with the password its file keeps. */
    private Jdbi superuser(MetadataStore store) throws IOException {
        Properties passwords = new Properties();
        try (Reader reader = Files.newBufferedReader(home.resolve("postgres.passwords"), StandardCharsets.UTF_8)) {
            passwords.load(reader);
        }
        return Jdbi.create(store.connection().url(), "postgres", passwords.getProperty("postgres"));
    }

    private Outcome strata(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // A short-lived command's JVM, as the launcher's for commands without Spark.
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Dstrata.postgres.binaries=" + System.getProperty("strata.postgres.binaries", ""),
                "-cp",
                System.getProperty("java.class.path"),
                ServerMain.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(home.resolve("out.txt").toFile())
                .redirectError(home.resolve("err.txt").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("STRATA_") || name.startsWith("POSTGRES_"));
        builder.environment().put("STRATA_HOME", home.toString());
        if (database != null) {
            builder.environment().put("STRATA_DB_URL", ScratchDatabase.server() + database.name());
            builder.environment().put("STRATA_DB_USER", "postgres");
        }
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Outcome(
                process.exitValue(),
                Files.readString(home.resolve("out.txt")),
                withoutLogLines(Files.readString(home.resolve("err.txt"))));
    }

    /** What the command says, without the log lines of the server's logging set-up. */
    private static String withoutLogLines(String err) {
        StringBuilder kept = new StringBuilder();
        err.lines()
                .filter(line -> line.startsWith("strata"))
                .forEach(line -> kept.append(line).append('\n'));
        return kept.toString();
    }
}
