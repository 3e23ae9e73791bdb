package dev.strata.core.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.time.ZoneId;
import java.util.Locale;

/**
 * When {@code strata serve} starts runs of a pipeline: a 5-field cron expression read in a time zone, what to do with
 * fire times the server missed while it was down, and whether the schedule is paused. Written either as the cron
 * string alone ({@code schedule: "0 * * * *"}) or as a mapping.
 */
public record ScheduleSpec(
        @JsonProperty(required = true)
        @JsonPropertyDescription("A cron expression of 5 fields: minute hour day-of-month month day-of-week.")
        String cron,

        @JsonPropertyDescription("IANA time zone the cron expression is read in, e.g. Europe/Berlin; UTC when absent.")
        String timezone,

        @JsonPropertyDescription("Fire times missed while no server ran: skip them, run the latest once (the"
                + " default), or run all of them (at most " + ScheduleSpec.MAX_CATCH_UP + ").")
        CatchUp catchUp,

        @JsonPropertyDescription("Registered paused: no run starts until the schedule is resumed (API).")
        Boolean paused) {

    /** The time zone of a schedule that names none. */
    public static final String DEFAULT_TIMEZONE = "UTC";

    /** The most missed fire times {@code catch_up: all} runs after downtime: the latest ones. */
    public static final int MAX_CATCH_UP = 50;

    /** What runs for the fire times a schedule missed while no server was up. */
    public enum CatchUp {
        /** Nothing: the next fire time runs as usual. */
        @JsonProperty("skip")
        SKIP,
        /** One run, for the latest missed fire time: the data catches up without a flood of runs. */
        @JsonProperty("once")
        ONCE,
        /** One run per missed fire time, each with its own logical time, oldest first (at most MAX_CATCH_UP). */
        @JsonProperty("all")
        ALL;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ScheduleSpec {
        timezone = timezone == null ? DEFAULT_TIMEZONE : timezone;
        catchUp = catchUp == null ? CatchUp.ONCE : catchUp;
        paused = paused != null && paused;
    }

    /** The short form, {@code schedule: "0 * * * *"}: UTC, catch up once, not paused. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static ScheduleSpec of(String cron) {
        return new ScheduleSpec(cron, null, null, null);
    }

    /** The time zone; the validator has checked that it exists. */
    public ZoneId zone() {
        return ZoneId.of(timezone);
    }

    /** Whether the file registers the schedule paused. */
    public boolean isPaused() {
        return paused;
    }
}
