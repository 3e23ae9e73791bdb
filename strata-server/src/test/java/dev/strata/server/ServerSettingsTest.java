package dev.strata.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.error.StrataException;
import dev.strata.core.spec.ScheduleSpec;
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
        assertThat(settings.runCommand().get(0))
                .as("the engine's JVM, with no shell")
                .endsWith("/bin/java");
        assertThat(settings.runCommand())
                .contains("@/opt/strata/bin/spark-jvm.args", "-Xmx4g", "dev.strata.cli.StrataCommand", "run")
                .contains("/opt/strata/strata-cli/target/strata-cli.jar:/opt/strata/strata-cli/target/lib/*")
                .doesNotContain("bash", "sh", "/opt/strata/bin/strata");
        assertThat(settings.runEnvironment()).isEmpty();
        assertThat(settings.allowedRoots()).isEmpty();
        assertThat(settings.rateLimit()).isEqualTo(new RateLimits.Limit(100, 200));
        assertThat(settings.anonymousRateLimit()).isEqualTo(new RateLimits.Limit(5, 20));
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
                        "STRATA_JWT_AUDIENCE", "strata",
                        "STRATA_RATE_LIMIT", "off",
                        "STRATA_RATE_LIMIT_ANONYMOUS", "2/7",
                        "STRATA_RUN_ENV", "AWS_REGION, AWS_PROFILE",
                        "STRATA_ALLOWED_ROOTS", "s3a://lake/{pipeline}, /data/shared"),
                INSTALL);
        assertThat(settings.rateLimit().off()).isTrue();
        assertThat(settings.anonymousRateLimit()).isEqualTo(new RateLimits.Limit(2, 7));
        assertThat(settings.runEnvironment()).containsExactly("AWS_REGION", "AWS_PROFILE");
        assertThat(settings.allowedRoots()).containsExactly("s3a://lake/{pipeline}", "/data/shared");
        assertThat(settings.runCommand()).isEqualTo(List.of("/usr/bin/strata", "run", "--master", "local[2]"));
        assertThat(settings.maxConcurrentRuns()).isEqualTo(3);
        assertThat(settings.runTimeout()).isEqualTo(Duration.ofMinutes(90));
        assertThat(settings.requeueOrphans()).isTrue();
        assertThat(settings.jwt().audience()).isEqualTo("strata");
        assertThat(settings.toString()).as("no secret in a log line").doesNotContain("thirty-two");
    }

    @Test
    void runsNeverInheritVariablesThatChangeHowAProcessStartsOrReachTheStore() {
        for (String name : List.of(
                "PATH",
                "LD_PRELOAD",
                "BASH_ENV",
                "JAVA_TOOL_OPTIONS",
                "STRATA_DB_URL",
                "PGPASSWORD",
                "POSTGRES_USER")) {
            assertThatThrownBy(() ->
                            ServerSettings.fromEnvironment(Map.of("STRATA_RUN_ENV", "AWS_REGION," + name), INSTALL))
                    .as(name)
                    .hasMessageContaining(name + " changes how processes start or reaches the server's own store");
        }
        assertThatThrownBy(() -> ServerSettings.fromEnvironment(Map.of("STRATA_RATE_LIMIT", "fast"), INSTALL))
                .hasMessage("STRATA_RATE_LIMIT=fast is not valid (set requests a second, e.g. 100 (burst 200), 100/500,"
                        + " or off)");
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
    void everyBadSettingIsReportedAtOnceWithoutShowingASecret() {
        assertThatThrownBy(() -> ServerSettings.fromEnvironment(
                        Map.of(
                                "STRATA_MAX_CONCURRENT_RUNS", "many",
                                "STRATA_ORPHANED_RUNS", "ignore",
                                "STRATA_JWT_SECRET", "short-canary",
                                "STRATA_RATE_LIMIT", "fast"),
                        INSTALL))
                .isInstanceOf(StrataException.class)
                .hasMessageStartingWith("4 settings are not valid: STRATA_MAX_CONCURRENT_RUNS=many is not valid")
                .hasMessageContaining("STRATA_ORPHANED_RUNS=ignore is not valid (set fail or requeue)")
                .hasMessageContaining("STRATA_JWT_SECRET is too short for HS256")
                .hasMessageContaining("STRATA_RATE_LIMIT=fast is not valid")
                .hasMessageNotContaining("short-canary");
    }

    @Test
    void aScheduleSaysHowLongAPipelineMayGoWithoutASuccess() {
        ZonedDateTime monday = ZonedDateTime.of(2026, 11, 23, 12, 0, 0, 0, ZoneOffset.UTC);
        assertThat(Schedules.longestGap(ScheduleSpec.of("0 * * * *"), monday.toInstant(), false))
                .hasValue(Duration.ofHours(1));
        assertThat(Schedules.longestGap(ScheduleSpec.of("30 2 * * *"), monday.toInstant(), false))
                .hasValue(Duration.ofDays(1));
        assertThat(Schedules.longestGap(ScheduleSpec.of("0 2 * * 1-5"), monday.toInstant(), false))
                .as("Friday to Monday")
                .hasValue(Duration.ofDays(3));
        assertThat(Schedules.longestGap(null, monday.toInstant(), false)).isEmpty();
        assertThat(Schedules.longestGap(
                        new ScheduleSpec("0 2 * * 1-5", "America/New_York", null, null), monday.toInstant(), false))
                .as("in its own zone, still Friday to Monday")
                .hasValue(Duration.ofDays(3));
    }
}
