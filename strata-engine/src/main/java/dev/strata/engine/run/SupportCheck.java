package dev.strata.engine.run;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.core.plan.DatasetPlan;
import dev.strata.core.spec.DatasetSpec;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.spec.SourceFormat;
import dev.strata.core.spec.SourceSpec;
import dev.strata.core.spec.TableFormat;
import dev.strata.engine.sink.Sinks;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Keys that validate but that this version cannot execute yet. A run refuses them all up front, naming each, rather
 * than skipping one silently or failing half-way.
 */
final class SupportCheck {
    static final Set<SourceFormat> SOURCES = EnumSet.of(
            SourceFormat.CSV,
            SourceFormat.JSON,
            SourceFormat.PARQUET,
            SourceFormat.ORC,
            SourceFormat.DELTA,
            SourceFormat.ICEBERG,
            SourceFormat.HUDI,
            SourceFormat.KAFKA);

    private SupportCheck() {}

    static void check(Pipeline pipeline, List<DatasetPlan> datasets) {
        List<String> problems = new ArrayList<>();
        TableFormat defaultFormat = pipeline.spec().storage().format();
        for (DatasetPlan dataset : datasets) {
            String at = "datasets." + dataset.name();
            DatasetSpec spec = dataset.spec();
            TableFormat format = spec.write().formatOr(defaultFormat);
            if (!Sinks.available().contains(format.id())) {
                problems.add(at + ".write.format: writing format " + format.id() + " (available: "
                        + String.join(", ", Sinks.available()) + ")");
            }
            if (dataset.source() != null) {
                SourceSpec source = pipeline.spec().sources().get(dataset.source());
                if (!SOURCES.contains(source.format())) {
                    problems.add("sources." + dataset.source() + ".format: source format "
                            + source.format().id());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new StrataException(
                    ErrorCode.UNSUPPORTED,
                    "Cannot run " + pipeline.file().getFileName() + ": not supported yet:\n  "
                            + String.join("\n  ", problems)
                            + "\n(these keys validate, but this version cannot execute them; remove them or run"
                            + " only other datasets with --only)");
        }
    }
}
