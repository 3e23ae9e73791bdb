package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ExternalStoreIT {
    private static final String PASSWORD = "s3cret-Pa55word";

    private static ScratchDatabase database;

    @BeforeAll
    static void createDatabase() {
        database = ScratchDatabase.create();
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @Test
    void appliesEachMigrationOnce() {
        try (ScratchDatabase empty = ScratchDatabase.create()) {
            long started = System.nanoTime();
            try (MetadataStore first = MetadataStore.open(empty.settings(PASSWORD))) {
                System.out.printf(
                        "external open, empty database (migrates): %d ms%n", (System.nanoTime() - started) / 1_000_000);
                assertThat(first.describe())
                        .isEqualTo(ScratchDatabase.server().substring("jdbc:".length()) + empty.name());
            }
            started = System.nanoTime();
            try (MetadataStore second = MetadataStore.open(empty.settings(PASSWORD))) {
                System.out.printf(
                        "external open, migrated database: %d ms%n", (System.nanoTime() - started) / 1_000_000);
                assertThat(migrationHistory(second))
                        .as("one row per migration, after two opens")
                        .containsExactly(
                                Map.of("version", "1", "script", "V1__quality_metrics.sql", "success", true),
                                Map.of("version", "2", "script", "V2__control_plane.sql", "success", true),
                                Map.of("version", "3", "script", "V3__run_ledger.sql", "success", true),
                                Map.of("version", "5", "script", "V5__audit_repeats.sql", "success", true),
                                Map.of("version", "6", "script", "V6__audit_chain.sql", "success", true),
                                Map.of("version", "7", "script", "V7__run_progress_token.sql", "success", true),
                                Map.of("version", "8", "script", "V8__event_outbox.sql", "success", true),
                                Map.of("version", "9", "script", "V9__schedules.sql", "success", true),
                                Map.of("version", "10", "script", "V10__run_resume.sql", "success", true),
                                Map.of("version", "11", "script", "V11__triggers.sql", "success", true),
                                Map.of("version", "12", "script", "V12__metric_flags_and_imports.sql", "success", true),
                                Map.of("version", "13", "script", "V13__table_facts.sql", "success", true));
            }
        }
    }

    private static List<Map<String, Object>> migrationHistory(MetadataStore store) {
        return store.jdbi()
                .withHandle(handle -> handle.createQuery(
                                "SELECT version, script, success FROM flyway_schema_history ORDER BY installed_rank")
                        .mapToMap()
                        .list());
    }

    @Test
    void createsTheQualityControlPlaneAndLedgerTables() {
        try (MetadataStore store = MetadataStore.open(database.settings(PASSWORD))) {
            List<String> tables = store.jdbi()
                    .withHandle(handle ->
                            handle.createQuery("""
                                    SELECT table_name FROM information_schema.tables
                                    WHERE table_schema = 'public' AND table_name <> 'flyway_schema_history'
                                    ORDER BY table_name""").mapTo(String.class).list());
            assertThat(tables)
                    .containsExactly(
                            "api_keys",
                            "audit_chain_head",
                            "audit_log",
                            "event_outbox",
                            "ledger_entries",
                            "ledger_pending",
                            "ledger_runs",
                            "metric_runs",
                            "metric_values",
                            "pipeline_schedules",
                            "pipeline_versions",
                            "pipelines",
                            "role_bindings",
                            "rule_results",
                            "run_datasets",
                            "run_quarantine_samples",
                            "run_tables",
                            "runs",
                            "schedule_fires",
                            "scheduled_tasks",
                            "servers",
                            "trigger_seen");
        }
    }

    @Test
    void failsOnAnUnreachableServerNamingItAndTheFixButNotThePassword() {
        StoreSettings settings = StoreSettings.external("postgresql://127.0.0.1:1/strata", "strata", PASSWORD);

        assertThatThrownBy(() -> MetadataStore.open(settings))
                .isInstanceOfSatisfying(
                        StrataException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL))
                .hasMessage("Cannot connect to the metadata store (postgresql://127.0.0.1:1/strata): Connection to"
                        + " 127.0.0.1:1 refused. Check that the hostname and port are correct and that the postmaster"
                        + " is accepting TCP/IP connections. (start PostgreSQL there, or correct STRATA_DB_URL, or"
                        + " POSTGRES_HOST and POSTGRES_PORT; unset them all to use an embedded PostgreSQL)")
                .message()
                .doesNotContain(PASSWORD);
    }

    @Test
    void grantsTheConfiguredRunUserTheRunRolesPrivilegesAndNoMore() {
        String runUser = "strata_it_run_" + Long.toHexString(System.nanoTime());
        try (ScratchDatabase db = ScratchDatabase.create()) {
            Jdbi admin = Jdbi.create(ScratchDatabase.server() + "postgres", "postgres", "");
            admin.useHandle(h -> h.execute("CREATE ROLE " + runUser + " LOGIN PASSWORD 'run-pass'"));
            try {
                StoreSettings server = db.settings(PASSWORD).withRun(runUser, "run-pass", null);
                try (MetadataStore store = MetadataStore.open(server)) {
                    StoreSettings forRun = store.connection();
                    assertThat(forRun.user()).isEqualTo(runUser);
                    assertThat(forRun.password()).isEqualTo("run-pass");
                    try (MetadataStore run = MetadataStore.open(forRun)) {
                        run.ledger().recordRun("/lake", "r1", Instant.EPOCH, "{}");
                        assertThat(run.ledger().run("/lake", "r1")).contains("{}");
                    }
                    Jdbi asRun = Jdbi.create(forRun.url(), runUser, "run-pass");
                    assertThatThrownBy(() -> asRun.useHandle(h -> h.execute("SELECT * FROM api_keys")))
                            .hasMessageContaining("permission denied for table api_keys");
                    assertThatThrownBy(() -> asRun.useHandle(h -> h.execute("SELECT * FROM audit_log")))
                            .hasMessageContaining("permission denied for table audit_log");
                }
            } finally {
                db.close();
                admin.useHandle(h -> h.execute("DROP ROLE " + runUser));
            }
        }
    }

    @Test
    void refusesARunUserThatDoesNotExistWithTheFix() {
        try (ScratchDatabase db = ScratchDatabase.create()) {
            StoreSettings settings = db.settings(PASSWORD).withRun("strata_no_such_role", "x", null);

            assertThatThrownBy(() -> MetadataStore.open(settings))
                    .isInstanceOfSatisfying(
                            StrataException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SPEC))
                    .hasMessage("Cannot grant the run role's privileges to STRATA_DB_RUN_USER 'strata_no_such_role' ("
                            + ScratchDatabase.server().substring("jdbc:".length()) + db.name()
                            + "): ERROR: role \"strata_no_such_role\" does not exist (create that role first, e.g."
                            + " CREATE ROLE strata_no_such_role LOGIN PASSWORD '...', or unset STRATA_DB_RUN_USER)");
        }
    }
}
