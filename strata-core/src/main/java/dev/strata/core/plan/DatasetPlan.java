package dev.strata.core.plan;

import static java.util.Objects.requireNonNull;

import dev.strata.core.spec.DatasetName;
import dev.strata.core.spec.DatasetSpec;
import dev.strata.core.spec.TableFormat;
import java.util.List;

/**
 * What will be built for one dataset: its spec, the source it reads ({@code from} names a source) or null, the
 * datasets it reads (from {@code from}, join {@code with}, SQL references and {@code references} rules; a quarantine
 * table counts as its parent), and the table format it is written in.
 */
public record DatasetPlan(
        DatasetName name, DatasetSpec spec, String source, List<DatasetName> upstream, TableFormat format) {

    public DatasetPlan {
        requireNonNull(name, "name is null");
        requireNonNull(spec, "spec is null");
        upstream = List.copyOf(upstream);
        requireNonNull(format, "format is null");
    }

    /** Whether this dataset reads a source rather than other datasets only. */
    public boolean readsSource() {
        return source != null;
    }
}
