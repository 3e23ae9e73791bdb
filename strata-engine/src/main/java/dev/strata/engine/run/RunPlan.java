package dev.strata.engine.run;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.core.plan.PipelinePlan;
import dev.strata.core.plan.Planner;
import dev.strata.core.spec.Pipeline;
import dev.strata.engine.isolation.QueryCheck;
import java.util.List;

/**
 * A run's plan, computed once before Spark starts and passed to {@link PipelineRunner#run(RunPlan, String, double)}.
 *
 * @param all every dataset of the pipeline: the selected ones read the tables of the others
 * @param selected the datasets to build, in order, checked as runnable
 * @param restricted whether the SQL was checked as a server run's
 */
public record RunPlan(PipelinePlan all, PipelinePlan selected, boolean restricted) {
    /**
     * Plans the selected datasets and refuses, before any Spark work, keys this version cannot execute yet, SQL that
     * is not a single query, and, for a server run ({@code restricted}), SQL a server run may not run.
     *
     * @param selector dbt-like selection ({@code silver.orders+}), or null for all
     */
    public static RunPlan of(Pipeline pipeline, String selector, boolean restricted) {
        PipelinePlan all = Planner.plan(pipeline.spec());
        PipelinePlan selected = selector == null ? all : all.only(selector);
        SupportCheck.check(pipeline, selected.datasets());
        List<String> problems = QueryCheck.problems(selected.datasets(), restricted);
        if (!problems.isEmpty()) {
            throw new StrataException(
                    ErrorCode.INVALID_SPEC,
                    "Cannot run " + pipeline.file().getFileName() + ": its SQL cannot be run as written:\n  "
                            + String.join("\n  ", problems));
        }
        return new RunPlan(all, selected, restricted);
    }
}
