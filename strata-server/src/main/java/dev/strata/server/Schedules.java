package dev.strata.server;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;

/** What a pipeline's {@code schedule:} (a 5-field cron expression, in UTC) implies for monitoring. */
final class Schedules {
    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    /** Enough fire times to span a week or more of a schedule that fires more than weekly. */
    private static final int FIRES = 50;

    private Schedules() {}

    /**
     * The longest gap between two consecutive fire times of {@code cron} from {@code from} on: a pipeline that has not
     * succeeded for longer has missed a run. Empty for no schedule, or one that never fires.
     */
    static Optional<Duration> longestGap(String cron, ZonedDateTime from) {
        if (cron == null || cron.isBlank()) {
            return Optional.empty();
        }
        ExecutionTime times = ExecutionTime.forCron(PARSER.parse(cron));
        ZonedDateTime previous =
                times.nextExecution(from.withZoneSameInstant(ZoneOffset.UTC)).orElse(null);
        Duration longest = Duration.ZERO;
        for (int i = 0; previous != null && i < FIRES; i++) {
            ZonedDateTime next = times.nextExecution(previous).orElse(null);
            if (next == null) {
                break;
            }
            Duration gap = Duration.between(previous, next);
            if (gap.compareTo(longest) > 0) {
                longest = gap;
            }
            previous = next;
        }
        return longest.isZero() ? Optional.empty() : Optional.of(longest);
    }
}
