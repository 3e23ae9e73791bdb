package dev.strata.server;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.strata.core.spec.ScheduleSpec;
import dev.strata.core.spec.ScheduleSpec.CatchUp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The fire times of one schedule: its 5-field cron expression read in its time zone (daylight-saving changes
 * included, as cron-utils computes them). In seconds mode ({@code STRATA_SCHEDULE_SECONDS}, tests only) every field
 * counts one unit smaller: the minute field counts seconds and the hour field minutes.
 */
final class FireTimes {
    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final CronParser SPRING =
            new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING));

    /** What to do with the fire times found due at one look: run some, and skip the rest. */
    record Plan(List<Instant> run, List<Instant> skip) {}

    private final ExecutionTime times;
    private final ZoneId zone;

    private FireTimes(ExecutionTime times, ZoneId zone) {
        this.times = times;
        this.zone = zone;
    }

    /** The fire times of {@code schedule}; {@code seconds} for the tests' seconds mode. */
    static FireTimes of(ScheduleSpec schedule, boolean seconds) {
        return of(schedule.cron(), schedule.zone(), seconds);
    }

    static FireTimes of(String cron, ZoneId zone, boolean seconds) {
        if (!seconds) {
            return new FireTimes(ExecutionTime.forCron(UNIX.parse(cron)), zone);
        }
        String[] f = cron.trim().split("\\s+");
        // second minute hour day-of-month month day-of-week, from minute hour … of the 5-field form.
        String shifted = String.join(" ", f[0], f[1], "*", f[2], f[3], f[4].replace("7", "0"));
        return new FireTimes(ExecutionTime.forCron(SPRING.parse(shifted)), zone);
    }

    /** The first fire time after {@code after}; empty for a schedule that never fires again. */
    Optional<Instant> next(Instant after) {
        // Whole seconds: cron-utils keeps the fraction of its argument in a schedule that fires every second.
        return times.nextExecution(after.truncatedTo(ChronoUnit.SECONDS).atZone(zone))
                .map(ZonedDateTime::toInstant);
    }

    /** The next {@code count} fire times after {@code after}. */
    List<Instant> next(Instant after, int count) {
        List<Instant> next = new ArrayList<>();
        Instant cursor = after;
        while (next.size() < count) {
            Optional<Instant> fire = next(cursor);
            if (fire.isEmpty()) {
                break;
            }
            next.add(fire.get());
            cursor = fire.get();
        }
        return next;
    }

    /**
     * The fire times from {@code from} to {@code now}, both included, oldest first: the latest {@code limit} of them,
     * found from {@code now} backwards so that a long outage costs no more than {@code limit} steps.
     */
    List<Instant> between(Instant from, Instant now, int limit) {
        List<Instant> due = new ArrayList<>();
        ZonedDateTime cursor =
                now.plusSeconds(1).truncatedTo(ChronoUnit.SECONDS).atZone(zone);
        while (due.size() < limit) {
            Optional<ZonedDateTime> fire = times.lastExecution(cursor);
            if (fire.isEmpty() || fire.get().toInstant().isBefore(from)) {
                break;
            }
            if (!fire.get().toInstant().isAfter(now)) {
                due.add(fire.get().toInstant());
            }
            cursor = fire.get();
        }
        Collections.reverse(due);
        return due;
    }

    /**
     * Which of the {@code due} fire times (oldest first) run at {@code now}: one seen within {@code threshold} of its
     * time is on time and runs; an older one was missed, and {@code policy} decides: none, the latest, or all of them.
     */
    static Plan plan(List<Instant> due, Instant now, Duration threshold, CatchUp policy) {
        List<Instant> missed = new ArrayList<>();
        List<Instant> onTime = new ArrayList<>();
        for (Instant fire : due) {
            (Duration.between(fire, now).compareTo(threshold) <= 0 ? onTime : missed).add(fire);
        }
        List<Instant> run = new ArrayList<>(
                switch (policy) {
                    case SKIP -> List.<Instant>of();
                    case ONCE -> missed.isEmpty() ? List.<Instant>of() : List.of(missed.get(missed.size() - 1));
                    case ALL -> missed.subList(Math.max(0, missed.size() - ScheduleSpec.MAX_CATCH_UP), missed.size());
                });
        List<Instant> skip = new ArrayList<>(missed);
        skip.removeAll(run);
        run.addAll(onTime);
        return new Plan(List.copyOf(run), List.copyOf(skip));
    }

    /**
     * The longest gap between two consecutive fire times from {@code from} on, over {@code fires} of them: a pipeline
     * that has not succeeded for longer has missed a run. Empty for a schedule that fires at most once.
     */
    Optional<Duration> longestGap(Instant from, int fires) {
        Duration longest = Duration.ZERO;
        List<Instant> next = next(from, fires);
        for (int i = 1; i < next.size(); i++) {
            Duration gap = Duration.between(next.get(i - 1), next.get(i));
            if (gap.compareTo(longest) > 0) {
                longest = gap;
            }
        }
        return longest.isZero() ? Optional.empty() : Optional.of(longest);
    }
}
