package dev.strata.core.validate;

import dev.strata.core.spec.SourceSpec;
import java.util.LinkedHashSet;
import java.util.Set;

/** Checks {@code sources:}: the fields each source format needs, and that every source is read. */
final class SourceChecks {
    private final CheckContext context;
    private final Problems problems;

    SourceChecks(CheckContext context) {
        this.context = context;
        this.problems = context.problems();
    }

    /** Binds and checks each source on its own. */
    void checkSources() {
        context.root().path("sources").fields().forEachRemaining(entry -> {
            YamlPath path = YamlPath.of("sources", entry.getKey());
            context.bind(path, entry.getValue(), SourceSpec.class).ifPresent(source -> checkSource(path, source));
        });
    }

    private void checkSource(YamlPath path, SourceSpec source) {
        String format = source.format().id();
        switch (source.format()) {
            case KAFKA -> {
                if (source.topic() == null) {
                    problems.errorAtKey(path, "a kafka source needs 'topic'", "e.g. topic: orders");
                }
            }
            case JDBC -> {
                if (source.url() == null) {
                    problems.errorAtKey(path, "a jdbc source needs 'url'", "e.g. url: jdbc:postgresql://db:5432/shop");
                }
                if (source.table() == null) {
                    problems.errorAtKey(path, "a jdbc source needs 'table'", "e.g. table: public.orders");
                }
            }
            default -> {
                if (source.path() == null) {
                    problems.errorAtKey(
                            path,
                            "a " + format + " source needs 'path'",
                            "e.g. path: data/orders/, relative to the pipeline file");
                }
            }
        }
    }

    /** Warns of a declared source no dataset reads with {@code from:}. */
    void checkUnused() {
        Set<String> read = new LinkedHashSet<>();
        context.original().path("datasets").forEach(dataset -> {
            if (dataset.path("from").isTextual()) {
                read.add(dataset.path("from").asText());
            }
        });
        for (String source : context.sourceNames()) {
            if (!read.contains(source)) {
                problems.warningAtKey(
                        YamlPath.of("sources", source),
                        "source '" + source + "' is not read by any dataset",
                        "read it with from: " + source + ", or remove it");
            }
        }
    }
}
