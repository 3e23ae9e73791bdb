package dev.strata.server;

import dev.strata.core.spec.ScheduleSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** What a pipeline's {@code schedule:} (a 5-field cron expression in its time zone) implies for monitoring. */
final class Schedules {
    /** Enough fire times to span a week or more of a schedule that fires more than weekly. */
    private static final int FIRES = 50;

    private Schedules() {}

    /**
     * The longest gap between two consecutive fire times of {@code schedule} from {@code from} on: a pipeline that has
     * not succeeded for longer has missed a run. Empty for no schedule, or one that never fires.
     */
    static Optional<Duration> longestGap(ScheduleSpec schedule, Instant from, boolean seconds) {
        if (schedule == null || schedule.cron() == null || schedule.cron().isBlank()) {
            return Optional.empty();
        }
        return FireTimes.of(schedule, seconds).longestGap(from, FIRES + 1);
    }
}
