package dev.strata.core.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.spec.PipelineValidationException;
import dev.strata.core.spec.ScheduleSpec;
import dev.strata.core.spec.ScheduleSpec.CatchUp;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code schedule:} as a cron string or a mapping, its defaults, and the validator's words for each mistake. */
class ScheduleSpecTest {
    private static ScheduleSpec load(String schedule) {
        return PipelineLoader.parse(
                        "name: shop\ndatasets: {}\nschedule: " + schedule + "\n", Path.of("pipeline.yaml"), Map.of())
                .spec()
                .schedule();
    }

    private static String problem(String schedule) {
        try {
            load(schedule);
        } catch (PipelineValidationException e) {
            return e.getMessage();
        }
        throw new AssertionError("no problem reported for " + schedule);
    }

    @Test
    void theCronStringAloneIsUtcCatchingUpOnceAndRunning() {
        assertThat(load("\"0 * * * *\"")).isEqualTo(new ScheduleSpec("0 * * * *", "UTC", CatchUp.ONCE, false));
    }

    @Test
    void theMappingTakesATimeZoneACatchUpPolicyAndPaused() {
        ScheduleSpec spec = load("{cron: \"30 2 * * *\", timezone: Europe/Berlin, catch_up: all, paused: true}");
        assertThat(spec.cron()).isEqualTo("30 2 * * *");
        assertThat(spec.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(spec.catchUp()).isEqualTo(CatchUp.ALL);
        assertThat(spec.isPaused()).isTrue();
        assertThat(load("{cron: \"0 * * * *\"}")).isEqualTo(ScheduleSpec.of("0 * * * *"));
    }

    @Test
    void aBadCronInTheMappingIsReportedAtCron() {
        assertThat(problem("{cron: \"0 25 * * *\"}"))
                .isEqualTo("pipeline.yaml:3:18: schedule.cron: invalid cron expression '0 25 * * *': hour '25': '25' is"
                        + " not a number in 0-23 (minute hour day-of-month month day-of-week, e.g. \"0 * * * *\" runs"
                        + " hourly)");
    }

    @Test
    void anUnknownTimeZoneIsReportedWithTheClosestName() {
        assertThat(problem("{cron: \"0 * * * *\", timezone: Europe/Berln}"))
                .isEqualTo("pipeline.yaml:3:41: schedule.timezone: unknown time zone 'Europe/Berln' (did you mean"
                        + " Europe/Berlin?; an IANA time zone such as Europe/Berlin or America/New_York, or UTC)");
    }

    @Test
    void anUnknownPolicyOrKeyOrAMissingCronIsReported() {
        assertThat(problem("{cron: \"0 * * * *\", catch_up: every}"))
                .startsWith(
                        "pipeline.yaml:3:41: schedule.catch_up: unknown catch_up policy 'every' (expected skip | once | all)");
        assertThat(problem("{cron: \"0 * * * *\", timezon: UTC}"))
                .isEqualTo(
                        "pipeline.yaml:3:31: schedule.timezon: unknown schedule key 'timezon' (did you mean 'timezone'?)");
        assertThat(problem("{timezone: UTC}"))
                .isEqualTo("pipeline.yaml:3:1: schedule: missing required key 'cron' (add cron: a cron expression of 5"
                        + " fields: minute hour day-of-month month day-of-week)");
        assertThatThrownBy(() -> load("[\"0 * * * *\"]")).isInstanceOf(PipelineValidationException.class);
    }
}
