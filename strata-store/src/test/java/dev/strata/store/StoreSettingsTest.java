package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.error.StrataException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreSettingsTest {
    @Test
    void defaultsToAnEmbeddedStoreInTheUsersStrataHome() {
        StoreSettings settings = StoreSettings.fromEnvironment(Map.of());

        assertThat(settings)
                .isEqualTo(StoreSettings.embedded(Path.of(System.getProperty("user.home"), ".strata", "postgres")));
        assertThat(settings.isEmbedded()).isTrue();
        assertThat(settings.describe())
                .isEqualTo("embedded PostgreSQL in " + Path.of(System.getProperty("user.home"), ".strata", "postgres"));
    }

    @Test
    void keepsTheEmbeddedStoreInStrataHome() {
        assertThat(StoreSettings.fromEnvironment(Map.of("STRATA_HOME", "/srv/strata")))
                .isEqualTo(new StoreSettings(null, null, null, Path.of("/srv/strata/postgres")));
    }

    @Test
    void mapsStrataDbUrlAndItsCredentials() {
        StoreSettings settings = StoreSettings.fromEnvironment(Map.of(
                "STRATA_DB_URL", "postgresql://db.internal:6543/strata?sslmode=require",
                "STRATA_DB_USER", "strata",
                "STRATA_DB_PASSWORD", "hunter2",
                "POSTGRES_HOST", "ignored",
                "STRATA_HOME", "/ignored"));

        assertThat(settings)
                .isEqualTo(new StoreSettings(
                        "jdbc:postgresql://db.internal:6543/strata?sslmode=require", "strata", "hunter2", null));
        assertThat(settings.describe()).isEqualTo("postgresql://db.internal:6543/strata");
    }

    @Test
    void mapsThePostgresVariables() {
        assertThat(StoreSettings.fromEnvironment(Map.of(
                        "POSTGRES_HOST", "pg",
                        "POSTGRES_PORT", "6000",
                        "POSTGRES_DB", "meta",
                        "POSTGRES_USER", "strata",
                        "POSTGRES_PASSWORD", "hunter2")))
                .isEqualTo(new StoreSettings("jdbc:postgresql://pg:6000/meta", "strata", "hunter2", null));
        assertThat(StoreSettings.fromEnvironment(Map.of("POSTGRES_HOST", "pg")))
                .as("defaults: port 5432, user postgres, database named as the user")
                .isEqualTo(new StoreSettings("jdbc:postgresql://pg:5432/postgres", "postgres", null, null));
    }

    @Test
    void takesCredentialsOutOfTheUrl() {
        StoreSettings settings = StoreSettings.external("postgres://strata:p%40ss@db:5432/strata", null, null);

        assertThat(settings).isEqualTo(new StoreSettings("jdbc:postgresql://db:5432/strata", "strata", "p@ss", null));
        assertThat(StoreSettings.external("postgresql://strata:p%40ss@db/strata", "admin", "other"))
                .as("explicit credentials win")
                .isEqualTo(new StoreSettings("jdbc:postgresql://db/strata", "admin", "other", null));
    }

    @Test
    void neverShowsThePassword() {
        StoreSettings settings = StoreSettings.external("jdbc:postgresql://db/strata?password=inline", "u", "hunter2");

        assertThat(settings.toString())
                .isEqualTo("StoreSettings[url=jdbc:postgresql://db/strata?password=***, user=u, password=***,"
                        + " embeddedDirectory=null]");
        assertThat(settings.describe()).isEqualTo("postgresql://db/strata");
    }

    @Test
    void rejectsAUrlThatIsNotPostgres() {
        assertThatThrownBy(() -> StoreSettings.fromEnvironment(Map.of("STRATA_DB_URL", "mysql://u:hunter2@db/x")))
                .isInstanceOf(StrataException.class)
                .hasMessage("Cannot use the metadata store URL 'mysql://***@db/x': it is not a PostgreSQL URL (use"
                        + " postgresql://host:5432/database or jdbc:postgresql://host:5432/database)");
        assertThatThrownBy(() -> StoreSettings.fromEnvironment(Map.of("POSTGRES_HOST", "pg", "POSTGRES_PORT", "x")))
                .isInstanceOf(StrataException.class)
                .hasMessage("Cannot use POSTGRES_PORT 'x': it is not a port number (set it to e.g. 5432)");
    }

    @Test
    void mapsTheRunRoleAndTheRunTokenOfAnExternalStore() {
        StoreSettings settings = StoreSettings.fromEnvironment(Map.of(
                "STRATA_DB_URL", "postgresql://db:5432/strata",
                "STRATA_DB_USER", "strata",
                "STRATA_DB_PASSWORD", "hunter2",
                "STRATA_DB_RUN_USER", "strata_run",
                "STRATA_DB_RUN_PASSWORD", "run-pass",
                "STRATA_DB_RUN_TOKEN", "tok"));

        assertThat(settings)
                .isEqualTo(new StoreSettings(
                        "jdbc:postgresql://db:5432/strata",
                        "strata",
                        "hunter2",
                        null,
                        "strata_run",
                        "run-pass",
                        "tok"));
        assertThat(settings.toString())
                .isEqualTo("StoreSettings[url=jdbc:postgresql://db:5432/strata, user=strata, password=***,"
                        + " embeddedDirectory=null, runUser=strata_run, runPassword=***, runToken=***]");
        assertThat(StoreSettings.fromEnvironment(Map.of("STRATA_HOME", "/srv/strata", "STRATA_DB_RUN_USER", "x")))
                .as("an embedded store manages its own roles")
                .isEqualTo(StoreSettings.embedded(Path.of("/srv/strata/postgres")));
    }

    @Test
    void handsAnExternalStoreOnAsEnvironmentVariables() {
        StoreSettings forRun = StoreSettings.external("jdbc:postgresql://127.0.0.1:5433/postgres", "strata_run", "pw")
                .withRun(null, null, "tok");

        assertThat(forRun.environment())
                .containsExactly(
                        Map.entry("STRATA_DB_URL", "jdbc:postgresql://127.0.0.1:5433/postgres"),
                        Map.entry("STRATA_DB_USER", "strata_run"),
                        Map.entry("STRATA_DB_PASSWORD", "pw"),
                        Map.entry("STRATA_DB_RUN_TOKEN", "tok"));
        assertThat(StoreSettings.fromEnvironment(forRun.environment()))
                .as("what the child reads back")
                .isEqualTo(forRun);
        assertThat(StoreSettings.external("jdbc:postgresql://db/strata", null, null)
                        .environment())
                .containsExactly(Map.entry("STRATA_DB_URL", "jdbc:postgresql://db/strata"));
        assertThatThrownBy(() -> StoreSettings.embedded(Path.of("/srv")).environment())
                .isInstanceOf(IllegalStateException.class);
    }
}
