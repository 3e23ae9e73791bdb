package dev.strata.core.plan;

import dev.strata.core.spec.DatasetName;
import dev.strata.core.spec.DatasetSpec;
import dev.strata.core.spec.PipelineSpec;
import dev.strata.core.spec.SourceFormat;
import dev.strata.core.spec.SourceSpec;
import dev.strata.core.spec.TransformSpec;
import dev.strata.core.spec.WriteMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What {@code strata compile} prints for a dataset: its input, then the Spark SQL of each step as the engine hands it
 * to Spark (a {@code sql:} query, a filter's condition, a derived column's expression, the window a dedupe keeps the
 * first row by), parameters substituted. A pure function of the plan and its spec.
 */
public final class CompiledSql {
    private CompiledSql() {}

    /** Every dataset of the plan, in build order, each followed by a blank line. */
    public static String render(PipelinePlan plan, PipelineSpec spec) {
        StringBuilder out = new StringBuilder();
        for (DatasetPlan dataset : plan.datasets()) {
            out.append(render(dataset, spec)).append('\n');
        }
        return out.toString();
    }

    /** One dataset: comment lines ({@code -- …}) name it, its input and each step; SQL lines follow each. */
    public static String render(DatasetPlan dataset, PipelineSpec spec) {
        DatasetSpec ds = dataset.spec();
        StringBuilder out = new StringBuilder();
        out.append("-- ")
                .append(dataset.name())
                .append(": ")
                .append(write(dataset))
                .append('\n');
        if (ds.description() != null) {
            out.append("-- ")
                    .append(ds.description().strip().replace("\n", "\n-- "))
                    .append('\n');
        }
        if (ds.sql() != null) {
            String tables = SqlReferences.extract(ds.sql(), Planner.layers(dataset.upstream())).stream()
                    .map(DatasetName::toString)
                    .collect(Collectors.joining(", "));
            out.append("-- input: ")
                    .append(tables.isEmpty() ? "none" : "the current tables " + tables)
                    .append('\n')
                    .append(ds.sql().strip())
                    .append('\n');
        } else {
            input(dataset, spec, out);
        }
        for (int i = 0; i < ds.transform().size(); i++) {
            TransformSpec step = ds.transform().get(i);
            out.append("-- ").append(i + 1).append(". ").append(header(step)).append('\n');
            out.append(sql(step)).append('\n');
        }
        return out.toString();
    }

    private static String write(DatasetPlan dataset) {
        DatasetSpec ds = dataset.spec();
        String keys = ds.write().keys().isEmpty()
                ? ""
                : " by " + String.join(", ", ds.write().keys());
        String runId = ds.write().mode() == WriteMode.APPEND ? ", each row with its batch's _run_id" : "";
        return ds.write().mode().id() + keys + " into " + dataset.format().id() + runId;
    }

    private static void input(DatasetPlan dataset, PipelineSpec spec, StringBuilder out) {
        if (dataset.source() != null) {
            SourceSpec source = spec.sources().get(dataset.source());
            String which = source.format().isFileBased()
                    ? "the files not read yet of "
                    : source.format() == SourceFormat.KAFKA ? "the offsets not read yet of " : "all of ";
            String where = PlanRenderer.location(source);
            out.append("-- input: ")
                    .append(which)
                    .append("source ")
                    .append(dataset.source())
                    .append(" (")
                    .append(source.format().id())
                    .append(where == null ? "" : ", " + where)
                    .append(")\n");
            if (source.schema() != null) {
                out.append("-- schema: ").append(source.schema().strip()).append('\n');
            }
            return;
        }
        String from = dataset.spec().from();
        boolean incremental = Optional.ofNullable(spec.datasets().get(from))
                .map(upstream -> upstream.write().mode() == WriteMode.APPEND)
                .orElse(false);
        out.append("-- input: ")
                .append(incremental ? "the runs not read yet of " : "all of ")
                .append(from)
                .append('\n');
    }

    private static String header(TransformSpec step) {
        return switch (step.kind()) {
            case FILTER -> "filter: keep the rows where";
            case DEDUPE -> "dedupe: keep the rows where";
            case DERIVE -> "derive: add or replace columns";
            case CAST -> "cast: replace columns";
            case RENAME -> "rename";
            case JOIN -> step.join().on().isEmpty() ? "join: the rows so far are l" : "join";
            case SELECT -> "select";
            case SQL -> "sql: the rows so far are the view input";
        };
    }

    private static String sql(TransformSpec step) {
        return switch (step.kind()) {
            case FILTER -> step.filter().strip();
            case DEDUPE -> dedupe(step.dedupe());
            case DERIVE -> aliased(step.derive());
            case CAST ->
                step.cast().entrySet().stream()
                        .map(e -> "CAST(" + quote(e.getKey()) + " AS " + e.getValue() + ") AS " + quote(e.getKey()))
                        .collect(Collectors.joining(",\n"));
            case RENAME ->
                step.rename().entrySet().stream()
                        .map(e -> quote(e.getKey()) + " AS " + quote(e.getValue()))
                        .collect(Collectors.joining(",\n"));
            case JOIN -> join(step.join());
            case SELECT -> "SELECT " + String.join(", ", step.select());
            case SQL -> step.sql().strip();
        };
    }

    /** The engine's dedupe: the first row by {@code order_by} (else the keys) per key, and every row with a NULL key. */
    private static String dedupe(TransformSpec.Dedupe dedupe) {
        String keys = dedupe.keys().stream().map(CompiledSql::quote).collect(Collectors.joining(", "));
        String order = dedupe.orderBy() == null ? keys : dedupe.orderBy();
        List<String> nullKeys = new ArrayList<>();
        dedupe.keys().forEach(key -> nullKeys.add(quote(key) + " IS NULL"));
        return "row_number() OVER (PARTITION BY " + keys + " ORDER BY " + order + ") = 1 OR "
                + String.join(" OR ", nullKeys);
    }

    private static String aliased(Map<String, String> columns) {
        return columns.entrySet().stream()
                .map(e -> e.getValue().strip() + " AS " + quote(e.getKey()))
                .collect(Collectors.joining(",\n"));
    }

    private static String join(TransformSpec.Join join) {
        String type = join.how().sparkName().replace('_', ' ').toUpperCase(Locale.ROOT) + " JOIN ";
        if (!join.on().isEmpty()) {
            return type + join.with() + " USING ("
                    + join.on().stream().map(CompiledSql::quote).collect(Collectors.joining(", ")) + ")";
        }
        return type + join.with() + " AS r ON " + join.condition().strip();
    }

    /** An identifier quoted as the engine quotes it (strata-engine's {@code SqlSyntax.quote}). */
    private static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }
}
