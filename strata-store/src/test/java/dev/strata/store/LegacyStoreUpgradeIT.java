package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.quality.MetricKey;
import dev.strata.core.quality.MetricPoint;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data directory an older Strata made (initdb's trust for everyone, the superuser owning every table, schema version
 * 3) is upgraded in place the first time this Strata opens it: its data stays, its trust goes.
 */
class LegacyStoreUpgradeIT {
    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path home;

    @Test
    void upgradesAnOldTrustDataDirectoryInPlaceKeepingItsData() throws Exception {
        Path directory = home.resolve("postgres");
        try (EmbeddedPostgres old = EmbeddedPostgres.builder()
                .setDataDirectory(directory)
                .setCleanDataDirectory(false)
                .start()) {
            String url = "jdbc:postgresql://127.0.0.1:" + old.getPort() + "/postgres";
            Flyway.configure()
                    .dataSource(url, "postgres", "")
                    .locations(MetadataStore.MIGRATIONS)
                    .target("3")
                    .load()
                    .migrate();
            Jdbi.create(url, "postgres", "").useHandle(h -> {
                h.execute("INSERT INTO metric_runs (pipeline, dataset, run_id, recorded_at)"
                        + " VALUES ('retail', 'silver.orders', 'r1', '2026-01-01T00:00:00Z')");
                h.execute("INSERT INTO metric_values (run_ref, metric, value) SELECT id, 'row_count', 42 FROM"
                        + " metric_runs");
                for (int i = 1; i <= 3; i++) {
                    h.execute("INSERT INTO audit_log (at, principal, action, target, result, status, client)"
                            + " VALUES ('2026-01-01T00:00:0" + i + "Z', 'admin-token', 'POST /api/v1/pipelines',"
                            + " '/api/v1/pipelines', 'allowed', 201, '127.0.0.1')");
                }
            });
        }
        assertThat(EmbeddedServer.trusts(directory.resolve("pg_hba.conf")))
                .as("what an older Strata left")
                .isTrue();

        try (MetadataStore store = MetadataStore.open(StoreSettings.embedded(directory))) {
            assertThat(store.metrics().history("retail", "silver.orders", MetricKey.of("row_count"), 5, null))
                    .containsExactly(new MetricPoint("r1", AT, 42));
            AuditRepository.Verification chained = store.audit().verify();
            assertThat(chained.problem()).isNull();
            assertThat(chained.rows())
                    .as("the old rows, chained by the upgrade")
                    .isEqualTo(3);
            store.audit().append(AT, "admin-token", "DELETE /x", "/x", "allowed", 204, null);
            assertThat(store.audit().verify().rows()).isEqualTo(4);

            String url = store.connection().url();
            assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", "guess"))
                    .isInstanceOf(SQLException.class)
                    .hasMessage("FATAL: password authentication failed for user \"postgres\"");
            assertThat(Files.readString(directory.resolve("pg_hba.conf"))).isEqualTo(EmbeddedServer.HBA);
            Path passwords = home.resolve("postgres.passwords");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwords)))
                    .isEqualTo("rw-------");
            StoreCredentials credentials = StoreCredentials.read(passwords).orElseThrow();
            List<String> owners = Jdbi.create(url, "postgres", credentials.superuser())
                    .withHandle(h -> h.createQuery("""
                                    SELECT DISTINCT pg_get_userbyid(relowner) FROM pg_class
                                    WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'S')""").mapTo(String.class).list());
            assertThat(owners)
                    .as("the superuser gave every table to the owner role")
                    .containsExactly("strata_owner");
        }
        try (MetadataStore again = MetadataStore.open(StoreSettings.embedded(directory))) {
            assertThat(again.audit().verify().rows())
                    .as("and opens as any upgraded store")
                    .isEqualTo(4);
        }
    }
}
