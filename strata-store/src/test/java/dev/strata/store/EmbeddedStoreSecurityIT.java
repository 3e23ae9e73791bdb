package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.auth.Role;
import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.core.quality.DatasetMetrics;
import dev.strata.core.quality.MetricKey;
import dev.strata.core.quality.MetricPoint;
import dev.strata.core.quality.MetricValue;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store as a local attacker meets it: no login without a password, passwords only its user can read, and
 * roles that cannot undo the audit trail or read what is not theirs. Every check is against the real server.
 */
class EmbeddedStoreSecurityIT {
    private static final Instant NOW = Instant.parse("2026-03-01T06:00:00Z");

    @TempDir
    static Path home;

    private static MetadataStore store;
    private static Path directory;

    @BeforeAll
    static void openStore() {
        directory = home.resolve("postgres");
        long started = System.nanoTime();
        store = MetadataStore.open(StoreSettings.embedded(directory));
        System.out.printf(
                "embedded open, new home (binaries extracted, initdb, roles, migrations): %d ms%n",
                (System.nanoTime() - started) / 1_000_000);
    }

    @AfterAll
    static void closeStore() {
        store.close();
    }

    @Test
    void refusesLoginsWithoutTheirPassword() throws Exception {
        String url = store.connection().url();
        assertThat(url).startsWith("jdbc:postgresql://127.0.0.1:");
        for (String user : List.of("postgres", "strata_owner", "strata_app", "strata_run")) {
            assertThatThrownBy(() -> DriverManager.getConnection(url, user, ""))
                    .as("%s without a password", user)
                    .isInstanceOf(SQLException.class)
                    // The server asked for a SCRAM exchange rather than letting the client in.
                    .hasMessageContaining("The server requested SCRAM-based authentication");
            assertThatThrownBy(() -> DriverManager.getConnection(url, user, "guess"))
                    .as("%s with a wrong password", user)
                    .isInstanceOf(SQLException.class)
                    .hasMessage("FATAL: password authentication failed for user \"" + user + "\"");
        }
        assertThat(Files.readString(directory.resolve("pg_hba.conf"))).isEqualTo(EmbeddedServer.HBA);
        Jdbi superuser = superuser();
        {
            List<String> methods =
                    superuser.withHandle(h -> h.createQuery("SELECT DISTINCT auth_method FROM pg_hba_file_rules")
                            .mapTo(String.class)
                            .list());
            assertThat(methods).as("the rules the server applies").containsExactly("scram-sha-256");
            String encryption = superuser.withHandle(h -> h.createQuery("SHOW password_encryption")
                    .mapTo(String.class)
                    .one());
            assertThat(encryption).isEqualTo("scram-sha-256");
        }
    }

    @Test
    void keepsThePasswordsInAFileOnlyItsUserCanRead() throws Exception {
        Path file = home.resolve("postgres.passwords");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        Properties passwords = passwords();
        assertThat(passwords.stringPropertyNames())
                .containsExactlyInAnyOrder("postgres", "strata_owner", "strata_app", "strata_run");
        assertThat(passwords.values())
                .as("four different random passwords")
                .doesNotHaveDuplicates()
                .allSatisfy(p -> assertThat((String) p).hasSize(32));
        assertThat(Files.list(home).map(p -> p.getFileName().toString()))
                .as("initdb's password file is gone")
                .noneMatch(name -> name.startsWith(".initdb"));
    }

    @Test
    void refusesAPasswordFileOthersMayRead() throws IOException {
        Path other = home.resolve("second");
        try (MetadataStore opened = MetadataStore.open(StoreSettings.embedded(other))) {
            assertThat(opened.schemaVersion()).isEqualTo("13");
        }
        Path file = home.resolve("second.passwords");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> MetadataStore.open(StoreSettings.embedded(other)))
                .isInstanceOfSatisfying(
                        StrataException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ACCESS_DENIED))
                .hasMessage("Cannot use the metadata store's password file " + file + ": its mode is rw-r--r--, so"
                        + " users other than its owner may read or change it (run chmod 600 " + file + ")");

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        try (MetadataStore opened = MetadataStore.open(StoreSettings.embedded(other))) {
            assertThat(opened.schemaVersion())
                    .as("usable again once it is 0600")
                    .isEqualTo("13");
        }
    }

    @Test
    void theServersRoleCannotUndoTheAuditTrail() {
        store.audit().append(NOW, "admin-token", "POST /api/v1/pipelines", "/api/v1/pipelines", "allowed", 201, "ip");
        Jdbi app =
                Jdbi.create(store.connection().url(), "strata_app", passwords().getProperty("strata_app"));

        String user = app.withHandle(
                h -> h.createQuery("SELECT current_user").mapTo(String.class).one());
        assertThat(user).isEqualTo("strata_app");
        assertRefused(
                app,
                "ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only",
                "must be owner of table" + " audit_log");
        assertRefused(app, "ALTER TABLE audit_log DISABLE TRIGGER ALL", "must be owner of table audit_log");
        assertRefused(
                app,
                "SET session_replication_role = replica",
                "permission denied to set parameter \"session_replication_role\"");
        assertRefused(app, "UPDATE audit_log SET principal = 'nobody'", "permission denied for table audit_log");
        assertRefused(app, "DELETE FROM audit_log", "permission denied for table audit_log");
        assertRefused(app, "TRUNCATE audit_log", "permission denied for table audit_log");
        assertRefused(
                app, "UPDATE audit_chain_head SET last_hash = 'x'", "permission denied for table audit_chain_head");
        assertRefused(app, "DROP TABLE audit_log", "must be owner of table audit_log");
        assertRefused(app, "CREATE TABLE mine (id INT)", "permission denied for schema public");
        assertRefused(app, "CREATE ROLE intruder LOGIN", "permission denied to create role");
        assertRefused(
                app,
                "CREATE TRIGGER t BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
                "permission denied for table audit_log");
        assertRefused(
                app,
                "INSERT INTO audit_chain_head (singleton, last_hash) VALUES (FALSE, 'x')",
                "permission denied for table audit_chain_head");

        assertThat(store.access()
                        .createKey("ci", Role.OPERATOR, List.of(), "admin-token", NOW)
                        .secret())
                .as("the server creates API keys")
                .startsWith("stk_");
        assertThat(store.audit().verify().intact()).isTrue();
    }

    @Test
    void aRunsRoleRecordsMetricsLedgerAndItsOwnProgressOnly() {
        store.pipelines().save("retail", "name: retail\n", "/tmp", null, "admin-token", NOW);
        store.pipelines().save("other", "name: other\n", "/tmp", null, "admin-token", NOW);
        store.runs().queue("run-1", "retail", 1, null, Map.of(), "admin-token", NOW);
        store.runs().queue("run-2", "other", 1, null, Map.of(), "admin-token", NOW);
        assertThat(store.runs().claimNext("srv", NOW.plusSeconds(1))).isPresent();
        assertThat(store.runs().claimNext("srv", NOW.plusSeconds(1))).isPresent();
        StoreSettings forRun1 = store.runConnection("run-1");
        StoreSettings forRun2 = store.runConnection("run-2");
        assertThat(forRun1.user()).isEqualTo("strata_run");
        assertThat(forRun1.environment())
                .containsOnlyKeys("STRATA_DB_URL", "STRATA_DB_USER", "STRATA_DB_PASSWORD", "STRATA_DB_RUN_TOKEN")
                .containsEntry("STRATA_DB_URL", store.connection().url())
                .containsEntry("STRATA_DB_PASSWORD", passwords().getProperty("strata_run"));

        try (MetadataStore run = MetadataStore.open(StoreSettings.fromEnvironment(forRun1.environment()))) {
            MetricKey rowCount = MetricKey.of("row_count");
            run.metrics()
                    .record(new DatasetMetrics(
                            "retail",
                            "silver.orders",
                            "run-1",
                            NOW,
                            List.of(new MetricValue(rowCount, "", 42, Map.of("count", 42L))),
                            List.of()));
            run.metrics()
                    .record(new DatasetMetrics(
                            "retail",
                            "silver.orders",
                            "run-1",
                            NOW,
                            List.of(new MetricValue(rowCount, "", 43, Map.of("count", 43L))),
                            List.of()));
            assertThat(run.metrics().history("retail", "silver.orders", rowCount, 5, null))
                    .containsExactly(new MetricPoint("run-1", NOW, 43));
            run.ledger().begin("/lake", "silver.orders", "{\"files\": 1}");
            assertThat(run.ledger().pending("/lake", "silver.orders")).contains("{\"files\": 1}");
            run.ledger().commit("/lake", "silver.orders", "run-1", NOW, "{\"rows\": 43}");
            assertThat(run.ledger().entries("/lake", "silver.orders")).containsExactly("{\"rows\": 43}");
            run.ledger().recordRun("/lake", "run-1", NOW, "{\"status\": \"SUCCEEDED\"}");
            assertThat(run.ledger().run("/lake", "run-1")).contains("{\"status\": \"SUCCEEDED\"}");

            RunRepository.DatasetOutcome outcome = new RunRepository.DatasetOutcome(
                    "silver.orders",
                    "succeeded",
                    43,
                    43,
                    0,
                    0,
                    1.5,
                    null,
                    2,
                    List.of("Cannot read source path /in: it does not exist"),
                    null,
                    null);
            assertThat(run.runs().recordDataset("run-1", outcome))
                    .as("its own run")
                    .isTrue();
            assertThat(run.runs().recordDataset("run-2", outcome))
                    .as("another running run, with this run's token")
                    .isFalse();

            dev.strata.core.run.TableFacts facts = new dev.strata.core.run.TableFacts(
                    "retail", "silver.orders", "delta", "/lake/silver/orders", 3L, List.of());
            assertThat(run.tables().record("run-1", facts))
                    .as("its own run's table")
                    .isTrue();
            assertThat(run.tables().record("run-2", facts))
                    .as("another run's table")
                    .isFalse();

            Jdbi raw = Jdbi.create(forRun1.url(), forRun1.user(), forRun1.password());
            for (String table : List.of(
                    "api_keys",
                    "role_bindings",
                    "audit_log",
                    "runs",
                    "run_datasets",
                    "pipelines",
                    "pipeline_versions",
                    "servers",
                    "audit_chain_head",
                    "run_tables",
                    "run_quarantine_samples")) {
                assertRefused(raw, "SELECT count(*) FROM " + table, "permission denied for table " + table);
            }
            assertRefused(
                    raw,
                    "INSERT INTO api_keys (id, name, role, key_hash, created_at, created_by)"
                            + " VALUES ('k', 'k', 'admin', 'h', now(), 'me')",
                    "permission denied for table api_keys");
            assertRefused(
                    raw,
                    "INSERT INTO audit_log (at, principal, action, target, result, status)"
                            + " VALUES (now(), 'me', 'x', 'x', 'allowed', 200)",
                    "permission denied for table audit_log");
            assertRefused(
                    raw,
                    "INSERT INTO run_datasets (run_id, dataset, state, rows_in, written, quarantined, dropped)"
                            + " VALUES ('run-2', 'x', 'failed', 0, 0, 0, 0)",
                    "permission denied for table run_datasets");
            assertRefused(raw, "UPDATE runs SET state = 'succeeded'", "permission denied for table runs");
        }
        try (MetadataStore untokened = MetadataStore.open(StoreSettings.external(
                store.connection().url(), "strata_run", passwords().getProperty("strata_run")))) {
            assertThatThrownBy(() -> untokened
                            .runs()
                            .recordDataset(
                                    "run-1",
                                    new RunRepository.DatasetOutcome("gold.x", "failed", 0, 0, 0, 0, null, "forged")))
                    .as("without a token, no progress")
                    .hasMessageContaining("permission denied for table run_datasets");
        }
        assertThat(forRun2.runToken()).isNotEqualTo(forRun1.runToken());
        assertThat(store.runs().findWithDatasets("run-1").orElseThrow().datasets())
                .as("with its attempts, recorded through record_run_dataset_attempts")
                .extracting(
                        RunRepository.DatasetOutcome::dataset,
                        RunRepository.DatasetOutcome::written,
                        RunRepository.DatasetOutcome::attempts,
                        RunRepository.DatasetOutcome::failedAttempts)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                        "silver.orders", 43L, 2, List.of("Cannot read source path /in: it does not exist")));
        assertThat(store.runs().findWithDatasets("run-2").orElseThrow().datasets())
                .isEmpty();
    }

    private static void assertRefused(Jdbi jdbi, String sql, String message) {
        assertThatThrownBy(() -> jdbi.useHandle(h -> h.execute(sql))).as(sql).hasMessageContaining(message);
    }

    private static Properties passwords() {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(home.resolve("postgres.passwords"), StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return properties;
    }

    private static Jdbi superuser() {
        return Jdbi.create(store.connection().url(), "postgres", passwords().getProperty("postgres"));
    }
}
