package dev.strata.store;

import static dev.strata.store.RunRepository.utc;
import static java.util.Objects.requireNonNull;

import dev.strata.store.RunRepository.StoredRun;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Pipelines' schedules as the store keeps them: whether each is paused, and every fire time one handled. A fire time
 * is claimed by inserting its row, in the same transaction as the run it queues: the primary key on (pipeline, fire
 * time) refuses a second claim, so two servers never start one fire time twice.
 */
public final class ScheduleRepository {
    /**
     * A schedule's state: its cron and zone as last registered, whether it is paused, and the instant from which its
     * fire times count (when it was new, changed or resumed): none before it ever runs.
     */
    public record ScheduleState(
            String pipeline, String cron, String timezone, boolean paused, boolean specPaused, Instant firesFrom) {}

    /** What registering a version did to its schedule. */
    public enum Change {
        /** The pipeline had no schedule before. */
        NEW,
        /** The cron expression or the time zone changed. */
        CHANGED,
        /** Neither changed. */
        SAME
    }

    /** The schedule after a version was registered, and how it changed. */
    public record Synced(ScheduleState state, Change change) {}

    private final Jdbi jdbi;
    private final RunRepository runs;

    ScheduleRepository(Jdbi jdbi, RunRepository runs) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
        this.runs = requireNonNull(runs, "runs is null");
    }

    /**
     * Records the schedule of a newly registered version. Its file's {@code paused:} sets the pause state when the
     * schedule is new or when the file changes {@code paused:}; otherwise the state the API set stays.
     */
    public Synced sync(String pipeline, String cron, String timezone, boolean specPaused, String by, Instant now) {
        return jdbi.inTransaction(handle -> {
            Optional<ScheduleState> before = handle.createQuery(
                            "SELECT * FROM pipeline_schedules WHERE pipeline = :pipeline FOR UPDATE")
                    .bind("pipeline", pipeline)
                    .map((rs, ctx) -> state(rs))
                    .findOne();
            boolean paused = before.isEmpty() || before.get().specPaused() != specPaused
                    ? specPaused
                    : before.get().paused();
            Change change = before.isEmpty()
                    ? Change.NEW
                    : before.get().cron().equals(cron)
                                    && before.get().timezone().equals(timezone)
                            ? Change.SAME
                            : Change.CHANGED;
            // A new or changed schedule, or one the file resumes, fires from now on: no catching up before it.
            Instant firesFrom =
                    change == Change.SAME && (paused || !before.get().paused())
                            ? before.get().firesFrom()
                            : now;
            handle.createUpdate("""
                            INSERT INTO pipeline_schedules (pipeline, paused, spec_paused, fires_from, cron, timezone,
                                updated_at, updated_by)
                            VALUES (:pipeline, :paused, :specPaused, :firesFrom, :cron, :timezone, :at, :by)
                            ON CONFLICT (pipeline) DO UPDATE SET paused = EXCLUDED.paused,
                                spec_paused = EXCLUDED.spec_paused, fires_from = EXCLUDED.fires_from,
                                cron = EXCLUDED.cron, timezone = EXCLUDED.timezone, updated_at = EXCLUDED.updated_at,
                                updated_by = EXCLUDED.updated_by""")
                    .bind("pipeline", pipeline)
                    .bind("paused", paused)
                    .bind("specPaused", specPaused)
                    .bind("firesFrom", utc(firesFrom))
                    .bind("cron", cron)
                    .bind("timezone", timezone)
                    .bind("at", utc(now))
                    .bind("by", by)
                    .execute();
            return new Synced(new ScheduleState(pipeline, cron, timezone, paused, specPaused, firesFrom), change);
        });
    }

    /** The pipeline's schedule state, when it has a schedule. */
    public Optional<ScheduleState> find(String pipeline) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM pipeline_schedules WHERE pipeline = :p")
                .bind("p", pipeline)
                .map((rs, ctx) -> state(rs))
                .findOne());
    }

    /** Every pipeline's schedule state, by pipeline. */
    public Map<String, ScheduleState> all() {
        Map<String, ScheduleState> all = new HashMap<>();
        jdbi.useHandle(handle -> handle.createQuery("SELECT * FROM pipeline_schedules")
                .map((rs, ctx) -> state(rs))
                .forEach(state -> all.put(state.pipeline(), state)));
        return all;
    }

    /**
     * Pauses or resumes the pipeline's schedule; false when it has none. A resumed schedule fires from {@code now} on:
     * the fire times while it was paused never run.
     */
    public boolean setPaused(String pipeline, boolean paused, String by, Instant now) {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                                UPDATE pipeline_schedules SET paused = :paused, updated_at = :at, updated_by = :by,
                                    fires_from = CASE WHEN paused AND NOT :paused THEN :at ELSE fires_from END
                                WHERE pipeline = :p""")
                        .bind("p", pipeline)
                        .bind("paused", paused)
                        .bind("at", utc(now))
                        .bind("by", by)
                        .execute())
                > 0;
    }

    /** Forgets the pipeline's schedule state (its pipeline was deleted, or its file has no schedule any more). */
    public void remove(String pipeline) {
        jdbi.useHandle(handle -> handle.createUpdate("DELETE FROM pipeline_schedules WHERE pipeline = :p")
                .bind("p", pipeline)
                .execute());
    }

    /**
     * Claims fire time {@code run.logicalTime()} of the run's pipeline and queues the run, in one transaction. Empty
     * when the fire time was claimed before, by this server or another: then nothing is queued.
     */
    public Optional<StoredRun> fire(NewRun run) {
        requireNonNull(run.logicalTime(), "a scheduled run has a logical time");
        return jdbi.inTransaction(handle -> {
            if (!claim(handle, run.pipeline(), run.logicalTime(), run.createdAt())) {
                return Optional.<StoredRun>empty();
            }
            StoredRun queued = runs.enqueue(handle, run);
            handle.createUpdate("UPDATE schedule_fires SET run_id = :run WHERE pipeline = :p AND fire_time = :t")
                    .bind("run", queued.id())
                    .bind("p", run.pipeline())
                    .bind("t", utc(run.logicalTime()))
                    .execute();
            return Optional.of(queued);
        });
    }

    /** Claims a fire time the catch-up policy skips, without a run; false when it was claimed before. */
    public boolean skip(String pipeline, Instant fireTime, Instant now) {
        return jdbi.withHandle(handle -> claim(handle, pipeline, fireTime, now));
    }

    private static boolean claim(org.jdbi.v3.core.Handle handle, String pipeline, Instant fireTime, Instant now) {
        return handle.createUpdate("""
                                INSERT INTO schedule_fires (pipeline, fire_time, fired_at) VALUES (:p, :t, :at)
                                ON CONFLICT (pipeline, fire_time) DO NOTHING""")
                        .bind("p", pipeline)
                        .bind("t", utc(fireTime))
                        .bind("at", utc(now))
                        .execute()
                > 0;
    }

    /** The latest fire time the pipeline's schedule handled (ran or skipped), if any. */
    public Optional<Instant> lastFireTime(String pipeline) {
        return Optional.ofNullable(lastFireTimes().get(pipeline));
    }

    /** The latest fire time each pipeline's schedule handled, by pipeline. */
    public Map<String, Instant> lastFireTimes() {
        Map<String, Instant> last = new HashMap<>();
        jdbi.useHandle(handle -> handle.createQuery(
                        "SELECT pipeline, max(fire_time) AS last FROM schedule_fires GROUP BY pipeline")
                .map((rs, ctx) -> Map.entry(
                        rs.getString("pipeline"),
                        rs.getObject("last", OffsetDateTime.class).toInstant()))
                .forEach(e -> last.put(e.getKey(), e.getValue())));
        return last;
    }

    private static ScheduleState state(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new ScheduleState(
                rs.getString("pipeline"),
                rs.getString("cron"),
                rs.getString("timezone"),
                rs.getBoolean("paused"),
                rs.getBoolean("spec_paused"),
                rs.getObject("fires_from", OffsetDateTime.class).toInstant());
    }
}
