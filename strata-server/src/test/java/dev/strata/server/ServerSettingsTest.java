package dev.strata.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.error.StrataException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerSettingsTest {
    private static final Path INSTALL = Path.of("/opt/strata");

    @Test
    void nothingConfiguredGivesWorkingDefaults() {
        ServerSettings settings = ServerSettings.fromEnvironment(Map.of("STRATA_HOME", "/data/strata"), INSTALL);
        assertThat(settings.runCommand()).containsExactly("/opt/strata/bin/strata", "run");
        assertThat(settings.dataDirectory()).isEqualTo(Path.of("/data/strata/server"));
        assertThat(settings.runTimeout()).isEqualTo(Duration.ofHours(6));
        assertThat(settings.maxRetries()).isEqualTo(2);
        assertThat(settings.requeueOrphans()).isFalse();
        assertThat(settings.adminToken()).isNull();
        assertThat(settings.jwt()).isNull();
        assertThat(settings.databaseConnections()).isEqualTo(20);
        assertThat(settings.maxConcurrentRuns()).isPositive();
    }

    @Test
    void readsEverySetting() {
        ServerSettings settings = ServerSettings.fromEnvironment(
                Map.of(
                        "STRATA_RUN_COMMAND", "/usr/bin/strata  run --master local[2]",
                        "STRATA_MAX_CONCURRENT_RUNS", "3",
                        "STRATA_RUN_TIMEOUT", "90m",
                        "STRATA_ORPHANED_RUNS", "requeue",
                        "STRATA_JWT_SECRET", "a-secret-of-at-least-thirty-two-characters",
                        "STRATA_JWT_AUDIENCE", "strata"),
                INSTALL);
        assertThat(settings.runCommand()).isEqualTo(List.of("/usr/bin/strata", "run", "--master", "local[2]"));
        assertThat(settings.maxConcurrentRuns()).isEqualTo(3);
        assertThat(settings.runTimeout()).isEqualTo(Duration.ofMinutes(90));
        assertThat(settings.requeueOrphans()).isTrue();
        assertThat(settings.jwt().audience()).isEqualTo("strata");
        assertThat(settings.toString()).as("no secret in a log line").doesNotContain("thirty-two");
    }

    @Test
    void badValuesSayWhichVariableAndWhatItTakes() {
        assertThatThrownBy(() -> ServerSettings.fromEnvironment(Map.of("STRATA_MAX_CONCURRENT_RUNS", "many"), INSTALL))
                .isInstanceOf(StrataException.class)
                .hasMessage("STRATA_MAX_CONCURRENT_RUNS=many is not valid (set a whole number)");
        assertThatThrownBy(() -> ServerSettings.fromEnvironment(Map.of("STRATA_ORPHANED_RUNS", "ignore"), INSTALL))
                .hasMessage("STRATA_ORPHANED_RUNS=ignore is not valid (set fail or requeue)");
        assertThatThrownBy(() -> ServerSettings.fromEnvironment(Map.of("STRATA_RUN_TIMEOUT", "soon"), INSTALL))
                .hasMessageContaining("a duration such as 90s, 15m or 2h");
        assertThatThrownBy(() -> ServerSettings.fromEnvironment(Map.of("STRATA_JWT_SECRET", "short"), INSTALL))
                .hasMessageContaining("too short")
                .hasMessageNotContaining("short)");
    }

    @Test
    void aScheduleSaysHowLongAPipelineMayGoWithoutASuccess() {
        ZonedDateTime monday = ZonedDateTime.of(2026, 11, 23, 12, 0, 0, 0, ZoneOffset.UTC);
        assertThat(Schedules.longestGap("0 * * * *", monday)).hasValue(Duration.ofHours(1));
        assertThat(Schedules.longestGap("30 2 * * *", monday)).hasValue(Duration.ofDays(1));
        assertThat(Schedules.longestGap("0 2 * * 1-5", monday))
                .as("Friday to Monday")
                .hasValue(Duration.ofDays(3));
        assertThat(Schedules.longestGap(null, monday)).isEmpty();
    }
}
