package dev.strata.engine.run;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.core.plan.DatasetPlan;
import dev.strata.core.run.Reprocessing;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.spec.SourceFormat;
import dev.strata.core.spec.SourceSpec;
import dev.strata.core.spec.TableFormat;
import dev.strata.core.spec.WriteMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Refuses, before any Spark work, a full refresh or a backfill that could not be done safely: every problem at once,
 * each with the dataset it is about and what to do instead.
 */
public final class ReprocessingCheck {
    private ReprocessingCheck() {}

    public static void check(Pipeline pipeline, RunPlan plan, Reprocessing reprocessing) {
        if (reprocessing == null) {
            return;
        }
        boolean refresh = reprocessing.kind() == Reprocessing.Kind.FULL_REFRESH;
        String action = refresh ? "fully refresh" : "backfill";
        List<String> problems = new ArrayList<>();
        for (DatasetPlan dataset : plan.selected().datasets()) {
            SourceSpec source =
                    dataset.readsSource() ? pipeline.spec().sources().get(dataset.source()) : null;
            WriteMode mode = dataset.spec().write().mode();
            if (refresh && mode == WriteMode.DELETE) {
                problems.add("datasets." + dataset.name() + ": write.mode delete only removes keys from its table, so"
                        + " there is nothing to rebuild it from (leave it out of --only)");
            }
            if (!refresh && backfilledAppend(dataset, source) && dataset.format() == TableFormat.HUDI) {
                problems.add("datasets." + dataset.name() + ": a Hudi append table cannot replace the rows earlier"
                        + " runs loaded from the window's "
                        + (source.format() == SourceFormat.KAFKA ? "offsets" : "files")
                        + " (give it write.mode: merge with keys, or rebuild it"
                        + " with --full-refresh)");
            }
        }
        if (!refresh) {
            Set<String> backfilled = plan.selected().datasets().stream()
                    .filter(d -> backfilledAppend(
                            d, d.readsSource() ? pipeline.spec().sources().get(d.source()) : null))
                    .map(d -> d.name().toString())
                    .collect(Collectors.toSet());
            for (DatasetPlan dataset : plan.all().datasets()) {
                String from = dataset.spec().from();
                if (from != null && dataset.spec().write().mode() == WriteMode.APPEND && backfilled.contains(from)) {
                    problems.add("datasets." + dataset.name() + ": appends what it reads from " + from + ", so it"
                            + " would load the backfilled rows again (give it write.mode: merge with keys, or rebuild"
                            + " it after the backfill with --full-refresh --only " + dataset.name() + ")");
                }
            }
            if (plan.selected().datasets().stream().noneMatch(DatasetPlan::readsSource)) {
                problems.add("--only: selects no dataset that reads a source, so there is nothing to backfill"
                        + " (select the bronze datasets, e.g. --only bronze.orders+)");
            }
        }
        if (!problems.isEmpty()) {
            throw new StrataException(
                    ErrorCode.INVALID_SPEC,
                    "Cannot " + action + " " + pipeline.file().getFileName() + ":\n  " + String.join("\n  ", problems));
        }
    }

    /**
     * Whether a backfill replaces rows of this dataset by where they came from: an append dataset that reads source
     * files or a Kafka topic.
     */
    private static boolean backfilledAppend(DatasetPlan dataset, SourceSpec source) {
        return source != null
                && (source.format().isFileBased() || source.format() == SourceFormat.KAFKA)
                && dataset.spec().write().mode() == WriteMode.APPEND;
    }
}
