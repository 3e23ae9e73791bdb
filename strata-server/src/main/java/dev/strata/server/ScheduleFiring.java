package dev.strata.server;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.strata.core.config.Config;
import dev.strata.core.config.ScheduleConfig;
import dev.strata.core.error.StrataException;
import dev.strata.core.spec.ScheduleSpec;
import dev.strata.store.MetadataStore;
import dev.strata.store.PipelineRepository.StoredPipeline;
import dev.strata.store.ScheduleRepository.Change;
import dev.strata.store.ScheduleRepository.ScheduleState;
import dev.strata.store.ScheduleRepository.Synced;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts runs at pipelines' fire times, on db-scheduler: each scheduled pipeline is one task instance in the store's
 * {@code scheduled_tasks} table, whose next execution is its next fire time. A server takes a due execution by an
 * optimistic update of that row, so one server, and one only, handles it; each fire time it runs is then claimed again
 * in {@code schedule_fires}, in the transaction that queues its run. After downtime the execution is late: the fire
 * times since are run or skipped as the schedule's {@code catch_up} says ({@link FireTimes#plan}).
 *
 * <p>db-scheduler rather than Quartz: it needs one table, no schema of a dozen, plain JDBC on the store's pool, and
 * its per-instance executions map one-to-one to pipelines, registered and removed as pipelines come and go.
 */
final class ScheduleFiring implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduleFiring.class);

    /** The db-scheduler task; its instances are named after pipelines. */
    static final String TASK = "strata-schedule";

    /** How many next fire times the API shows. */
    static final int NEXT_FIRE_TIMES = 5;

    private final MetadataStore store;
    private final Clock clock;
    private final RunQueue queue;
    private final boolean seconds;
    private final Duration misfireThreshold;
    private final CustomTask<Void> task;
    private final Scheduler scheduler;

    ScheduleFiring(MetadataStore store, Clock clock, RunQueue queue, Map<String, String> environment) {
        this.store = store;
        this.clock = clock;
        this.queue = queue;
        Config config = Config.of(environment);
        this.seconds = config.get(ScheduleConfig.SECONDS);
        this.misfireThreshold = config.get(ScheduleConfig.MISFIRE);
        // A fire that failed (the store was away) tries again soon; the fire times it missed are found then.
        this.task = Tasks.custom(TASK, Void.class)
                .onFailure(new FailureHandler.OnFailureRetryLater<>(Duration.ofSeconds(30)))
                .execute(this::fire);
        this.scheduler = Scheduler.create(store.dataSource(), task)
                .tableName("scheduled_tasks")
                // One name per server, also for two on one host: it is whom db-scheduler records as taking a fire.
                .schedulerName(new SchedulerName.Fixed(
                        "strata-" + ProcessHandle.current().pid() + "-"
                                + UUID.randomUUID().toString().substring(0, 8)))
                .pollingInterval(config.get(ScheduleConfig.POLL))
                .heartbeatInterval(Duration.ofSeconds(10))
                .threads(2)
                .shutdownMaxWait(Duration.ofSeconds(10))
                .build();
    }

    /** Starts looking for due fire times. */
    void start() {
        scheduler.start();
    }

    /** Whether fire times count seconds instead of minutes (tests only). */
    boolean secondsMode() {
        return seconds;
    }

    /**
     * Takes a registered version's schedule into account: a new or changed schedule fires from its next fire time on;
     * an unchanged one keeps its pending fire time (which, after downtime, is how the missed ones are found); a
     * schedule the file dropped, or a paused one, fires no more.
     */
    void sync(String pipeline, ScheduleSpec schedule, String by) {
        if (schedule == null) {
            store.schedules().remove(pipeline);
            cancel(pipeline);
            return;
        }
        Synced synced = store.schedules()
                .sync(pipeline, schedule.cron(), schedule.timezone(), schedule.isPaused(), by, clock.instant());
        if (synced.state().paused()) {
            cancel(pipeline);
            return;
        }
        Optional<Instant> next = FireTimes.of(schedule, seconds).next(clock.instant());
        if (next.isEmpty()) {
            cancel(pipeline);
            return;
        }
        TaskInstance<Void> instance = task.instance(pipeline);
        if (synced.change() == Change.CHANGED
                && scheduler.getScheduledExecution(instance).isPresent()) {
            try {
                scheduler.reschedule(instance, next.get());
                return;
            } catch (RuntimeException e) {
                // Firing right now: its completion computes the next fire time from the new cron.
                LOG.debug("Cannot reschedule {} while it fires", pipeline, e);
            }
        }
        scheduler.scheduleIfNotExists(instance, next.get());
    }

    /** The pipeline was deleted: its schedule fires no more. */
    void remove(String pipeline) {
        store.schedules().remove(pipeline);
        cancel(pipeline);
    }

    /** Pauses the pipeline's schedule; false when it has none. Fire times while paused never run. */
    boolean pause(String pipeline, String by) {
        if (!store.schedules().setPaused(pipeline, true, by, clock.instant())) {
            return false;
        }
        cancel(pipeline);
        return true;
    }

    /** Resumes the pipeline's schedule from its next fire time on; false when it has none. */
    boolean resume(String pipeline, String by) {
        Optional<ScheduleState> state = store.schedules().find(pipeline);
        if (state.isEmpty() || !store.schedules().setPaused(pipeline, false, by, clock.instant())) {
            return false;
        }
        fireTimes(state.get())
                .next(clock.instant())
                .ifPresent(next -> scheduler.scheduleIfNotExists(task.instance(pipeline), next));
        return true;
    }

    /** The next fire times of a schedule as the store holds it; none while it is paused. */
    List<Instant> nextFireTimes(ScheduleState state) {
        return state.paused() ? List.of() : fireTimes(state).next(clock.instant(), NEXT_FIRE_TIMES);
    }

    private FireTimes fireTimes(ScheduleState state) {
        return FireTimes.of(state.cron(), ZoneId.of(state.timezone()), seconds);
    }

    /**
     * One due execution of a pipeline's schedule: queues a run for each fire time since the last one handled that is on
     * time or that the catch-up policy runs, records the skipped ones, and comes back at the next.
     */
    private CompletionHandler<Void> fire(TaskInstance<Void> instance, ExecutionContext context) {
        String name = instance.getId();
        Optional<StoredPipeline> pipeline = store.pipelines().find(name);
        Optional<ScheduleState> state = store.schedules().find(name);
        ScheduleSpec schedule = pipeline.flatMap(this::schedule).orElse(null);
        if (pipeline.isEmpty() || state.isEmpty() || state.get().paused() || schedule == null) {
            LOG.info("Schedule of {} removed: the pipeline is gone, unscheduled or paused", name);
            return (complete, operations) -> operations.remove();
        }
        Instant now = clock.instant();
        FireTimes times = FireTimes.of(schedule, seconds);
        FireTimes.Plan plan = FireTimes.plan(
                times.between(since(name, state.get()), now, ScheduleSpec.MAX_CATCH_UP + 1),
                now,
                misfireThreshold,
                schedule.catchUp());
        for (Instant skipped : plan.skip()) {
            store.schedules().skip(name, skipped, now);
        }
        if (!plan.skip().isEmpty()) {
            LOG.info(
                    "Schedule of {}: {} missed fire time(s) skipped (catch_up: {})",
                    name,
                    plan.skip().size(),
                    schedule.catchUp().id());
        }
        for (Instant fireTime : plan.run()) {
            queue.queueScheduled(pipeline.get(), fireTime)
                    .ifPresent(run -> LOG.info("Schedule of {} queued run {} for {}", name, run.id(), fireTime));
        }
        Optional<Instant> next = times.next(now);
        return (complete, operations) -> {
            if (next.isPresent()) {
                operations.reschedule(complete, next.get());
            } else {
                operations.remove();
            }
        };
    }

    /**
     * The first instant whose fire times are still to be handled: just after the last fire time handled, but never
     * before the schedule was new, changed or resumed. Found in the store, not from the execution's time: a fire that
     * failed, or whose server died, and that db-scheduler therefore runs again later, still finds every fire time.
     */
    private Instant since(String pipeline, ScheduleState state) {
        return store.schedules()
                .lastFireTime(pipeline)
                .map(last -> last.plusMillis(1))
                .filter(next -> next.isAfter(state.firesFrom()))
                .orElse(state.firesFrom());
    }

    /** The schedule of the pipeline's current version; empty when it has none or no longer validates. */
    private Optional<ScheduleSpec> schedule(StoredPipeline pipeline) {
        return store.pipelines().version(pipeline.name(), pipeline.version()).flatMap(version -> {
            try {
                return Optional.ofNullable(PipelineYaml.parse(
                                version.yaml(), Path.of(pipeline.baseDir()).resolve("pipeline.yaml"))
                        .spec()
                        .schedule());
            } catch (StrataException e) {
                return Optional.empty();
            }
        });
    }

    private void cancel(String pipeline) {
        TaskInstance<Void> instance = task.instance(pipeline);
        try {
            if (scheduler.getScheduledExecution(instance).isPresent()) {
                scheduler.cancel(instance);
            }
        } catch (RuntimeException e) {
            // Gone already, or firing now: a fire finds the schedule removed or paused and removes itself.
            LOG.debug("Cannot cancel the schedule of {}", pipeline, e);
        }
    }

    /** Stops looking for fire times; a fire in progress finishes first (db-scheduler waits for it). */
    @Override
    public void close() {
        scheduler.stop();
    }
}
