package dev.strata.core.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.spec.DatasetSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The checks a schema cannot express: references between sources and datasets, SQL table references, write modes and
 * their keys, the fields each rule needs, cron syntax and cycles. Each section has its own class; this one runs them
 * in the file's order. Each part of the file that passed the schema is bound on its own, so one broken dataset does
 * not hide the problems of another.
 */
final class SpecChecks {
    private SpecChecks() {}

    /**
     * Runs every check on {@code root}: the {@code original} tree without the parts the schema {@code rejected}
     * (except rejected list items, which are skipped here). Names of sources and datasets come from the original, so
     * that a rejected source still counts as declared.
     */
    static void run(JsonNode original, JsonNode root, Set<YamlPath> rejected, Problems problems, ObjectMapper mapper) {
        CheckContext context = new CheckContext(original, root, rejected, problems, mapper);
        PipelineChecks pipeline = new PipelineChecks(context);
        SourceChecks sources = new SourceChecks(context);
        DatasetChecks datasetChecks = new DatasetChecks(context, new ReferenceChecks(context));

        pipeline.checkTopLevel();
        new TriggerChecks(context).check();
        sources.checkSources();
        Map<String, DatasetSpec> datasets = new LinkedHashMap<>();
        root.path("datasets").fields().forEachRemaining(entry -> {
            YamlPath path = YamlPath.of("datasets", entry.getKey());
            datasetChecks.check(path, entry.getValue()).ifPresent(dataset -> datasets.put(entry.getKey(), dataset));
        });
        sources.checkUnused();
        pipeline.checkCycles(datasets);
    }
}
