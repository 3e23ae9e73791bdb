package dev.strata.core.argo;

import static dev.strata.core.argo.Manifests.map;

import dev.strata.core.spec.PipelineSpec;
import dev.strata.core.spec.ScheduleSpec;
import java.util.List;
import java.util.Map;

/**
 * The CronWorkflow of a pipeline's {@code schedule:}: the cron string in its time zone, one run at a time ({@code
 * concurrencyPolicy: Forbid}), suspended when {@code paused}, and {@code catch_up} as {@code startingDeadlineSeconds},
 * which is how long after a fire time Argo still starts a run the controller missed. Argo starts at most the latest
 * missed fire time, so {@code catch_up: all} works as {@code once}.
 */
final class CronWorkflows {
    /** {@code catch_up: skip}: a fire time missed by more than a minute is skipped. */
    static final long SKIP_DEADLINE_SECONDS = 60;

    /** {@code catch_up: once} or {@code all}: the latest fire time missed within a day still runs, once. */
    static final long CATCH_UP_DEADLINE_SECONDS = 24 * 3600;

    private CronWorkflows() {}

    static Map<String, Object> of(PipelineSpec spec, ArgoOptions options, String name) {
        ScheduleSpec schedule = spec.schedule();
        Map<String, Object> cron =
                Manifests.resource(Manifests.ARGO_API, "CronWorkflow", name, options.namespace(), spec.name());
        cron.put(
                "spec",
                map(
                        "schedules", List.of(schedule.cron()),
                        "timezone", schedule.timezone(),
                        "concurrencyPolicy", "Forbid",
                        "suspend", schedule.isPaused(),
                        "startingDeadlineSeconds", startingDeadline(schedule.catchUp()),
                        "workflowMetadata", map("labels", map("strata.dev/pipeline", spec.name())),
                        "workflowSpec", map("workflowTemplateRef", map("name", name))));
        return cron;
    }

    static long startingDeadline(ScheduleSpec.CatchUp catchUp) {
        return catchUp == ScheduleSpec.CatchUp.SKIP ? SKIP_DEADLINE_SECONDS : CATCH_UP_DEADLINE_SECONDS;
    }
}
