package dev.strata.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.spec.ScheduleSpec;
import dev.strata.core.spec.ScheduleSpec.CatchUp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fire times in a time zone, in the tests' seconds mode, and what the catch-up policies run after an outage. */
class FireTimesTest {
    private static Instant at(String text) {
        return Instant.parse(text);
    }

    @Test
    void aCronIsReadInItsTimeZoneAcrossADaylightSavingChange() {
        FireTimes berlin = FireTimes.of(new ScheduleSpec("30 2 * * *", "Europe/Berlin", null, null), false);
        // 02:30 is 01:30Z in winter and 00:30Z in summer; on 2026-03-29 clocks go from 02:00 to 03:00 in Berlin, and
        // a time that day does not have does not fire (cron-utils skips it; docs/events.md says so).
        assertThat(berlin.next(at("2026-03-27T12:00:00Z"), 3))
                .containsExactly(at("2026-03-28T01:30:00Z"), at("2026-03-30T00:30:00Z"), at("2026-03-31T00:30:00Z"));
        FireTimes utc = FireTimes.of(ScheduleSpec.of("30 2 * * *"), false);
        assertThat(utc.next(at("2026-03-27T12:00:00Z"), 1)).containsExactly(at("2026-03-28T02:30:00Z"));
    }

    @Test
    void inSecondsModeTheMinuteFieldCountsSeconds() {
        FireTimes times = FireTimes.of("*/5 * * * *", ZoneOffset.UTC, true);
        assertThat(times.next(at("2026-01-01T00:00:01Z"), 3))
                .containsExactly(at("2026-01-01T00:00:05Z"), at("2026-01-01T00:00:10Z"), at("2026-01-01T00:00:15Z"));
    }

    @Test
    void inSecondsModeEveryMinuteIsEverySecond() {
        FireTimes times = FireTimes.of("* * * * *", ZoneOffset.UTC, true);
        assertThat(times.next(at("2026-01-01T00:00:01.150Z"), 3))
                .containsExactly(at("2026-01-01T00:00:02Z"), at("2026-01-01T00:00:03Z"), at("2026-01-01T00:00:04Z"));
        assertThat(times.between(at("2026-01-01T00:00:02Z"), at("2026-01-01T00:00:04.100Z"), 10))
                .containsExactly(at("2026-01-01T00:00:02Z"), at("2026-01-01T00:00:03Z"), at("2026-01-01T00:00:04Z"));
    }

    @Test
    void betweenFindsTheLatestFireTimesBackwardsFromNow() {
        FireTimes hourly = FireTimes.of("0 * * * *", ZoneId.of("UTC"), false);
        assertThat(hourly.between(at("2026-01-01T10:00:00Z"), at("2026-01-01T13:00:00Z"), 10))
                .containsExactly(
                        at("2026-01-01T10:00:00Z"),
                        at("2026-01-01T11:00:00Z"),
                        at("2026-01-01T12:00:00Z"),
                        at("2026-01-01T13:00:00Z"));
        assertThat(hourly.between(at("2020-01-01T00:00:00Z"), at("2026-01-01T13:30:00Z"), 2))
                .as("a long outage: only the latest few, found in as many steps")
                .containsExactly(at("2026-01-01T12:00:00Z"), at("2026-01-01T13:00:00Z"));
    }

    @Test
    void eachPolicyDecidesWhatRunsOfTheMissedFireTimes() {
        List<Instant> due = List.of(at("2026-01-01T10:00:00Z"), at("2026-01-01T11:00:00Z"), at("2026-01-01T12:00:00Z"));
        Instant now = at("2026-01-01T12:20:00Z");
        Duration threshold = Duration.ofMinutes(1);
        assertThat(FireTimes.plan(due, now, threshold, CatchUp.SKIP)).isEqualTo(new FireTimes.Plan(List.of(), due));
        assertThat(FireTimes.plan(due, now, threshold, CatchUp.ONCE))
                .isEqualTo(new FireTimes.Plan(List.of(due.get(2)), due.subList(0, 2)));
        assertThat(FireTimes.plan(due, now, threshold, CatchUp.ALL)).isEqualTo(new FireTimes.Plan(due, List.of()));
    }

    @Test
    void aFireTimeSeenWithinTheThresholdRunsWhateverThePolicy() {
        List<Instant> due = List.of(at("2026-01-01T11:00:00Z"), at("2026-01-01T12:00:00Z"));
        Instant now = at("2026-01-01T12:00:20Z");
        assertThat(FireTimes.plan(due, now, Duration.ofMinutes(1), CatchUp.SKIP))
                .isEqualTo(new FireTimes.Plan(List.of(due.get(1)), List.of(due.get(0))));
        assertThat(FireTimes.plan(due.subList(1, 2), now, Duration.ofMinutes(1), CatchUp.SKIP))
                .isEqualTo(new FireTimes.Plan(due.subList(1, 2), List.of()));
    }
}
