package dev.strata.core.config;

import static dev.strata.core.config.Part.SERVER;

import java.time.Duration;
import java.util.List;

/** The settings of the server's scheduler, which starts runs at pipelines' fire times (docs/events.md, "Schedules"). */
public final class ScheduleConfig {
    public static final Setting<Duration> POLL = Setting.env("STRATA_SCHEDULE_POLL", SettingType.DURATION, SERVER)
            .defaultValue("10s")
            .check(poll -> !poll.isZero(), "a duration of at least 1s")
            .doc("How often a server looks in the store for fire times that are due; a run starts at most this late.");
    public static final Setting<Duration> MISFIRE = Setting.env(
                    "STRATA_SCHEDULE_MISFIRE_THRESHOLD", SettingType.DURATION, SERVER)
            .defaultValue("60s")
            .doc("A fire time first seen later than this after it passed was missed (no server was up): the"
                    + " schedule's `catch_up` decides whether it runs. One seen sooner runs as usual.");
    public static final Setting<Boolean> SECONDS = Setting.env("STRATA_SCHEDULE_SECONDS", SettingType.BOOLEAN, SERVER)
            .defaultValue("false")
            .doc("For tests and demos only: every cron field counts one unit smaller (minute as second, hour as"
                    + " minute), so `*/5 * * * *` fires every 5 seconds. Never in production.");

    static final List<Setting<?>> ALL = List.of(POLL, MISFIRE, SECONDS);

    private ScheduleConfig() {}
}
