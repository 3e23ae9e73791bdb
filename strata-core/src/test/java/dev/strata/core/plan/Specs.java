package dev.strata.core.plan;

import dev.strata.core.spec.DatasetSpec;
import dev.strata.core.spec.PipelineSpec;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.SourceFormat;
import dev.strata.core.spec.SourceSpec;
import dev.strata.core.spec.TransformSpec;
import dev.strata.core.spec.WriteSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Spec records built in code, for planner tests that must get past what the loader would reject. */
final class Specs {
    private Specs() {}

    static DatasetSpec from(String input) {
        return new DatasetSpec(input, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    static DatasetSpec sql(String query) {
        return new DatasetSpec(null, query, null, null, null, null, null, null, null, null, null, null, null);
    }

    static DatasetSpec dataset(String from, List<TransformSpec> steps, List<RuleSpec> rules, WriteSpec write) {
        return new DatasetSpec(from, null, steps, rules, null, write, null, null, null, null, null, null, null);
    }

    /** {@code dataset} with the given tags. */
    static DatasetSpec tagged(DatasetSpec dataset, String... tags) {
        return new DatasetSpec(
                dataset.from(),
                dataset.sql(),
                dataset.transform(),
                dataset.expect(),
                dataset.schemaEvolution(),
                dataset.write(),
                dataset.encrypt(),
                dataset.access(),
                dataset.description(),
                List.of(tags),
                dataset.columns(),
                dataset.retries(),
                dataset.retryBackoff());
    }

    /** A pipeline named shop with one csv source, raw, and the given datasets in order (name, spec, name, …). */
    static PipelineSpec pipeline(Object... datasets) {
        Map<String, DatasetSpec> map = new LinkedHashMap<>();
        for (int i = 0; i < datasets.length; i += 2) {
            map.put((String) datasets[i], (DatasetSpec) datasets[i + 1]);
        }
        return new PipelineSpec(
                "shop",
                null,
                Map.of("raw", SourceSpec.ofPath(SourceFormat.CSV, "/data/raw")),
                map,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }
}
