package dev.strata.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.core.plan.DatasetPlan;
import dev.strata.core.plan.Planner;
import dev.strata.core.quality.RuleSuggestions;
import dev.strata.core.quality.profile.ColumnProfile;
import dev.strata.core.quality.profile.DatasetProfile;
import dev.strata.core.quality.profile.Frequencies;
import dev.strata.core.quality.profile.ValueCount;
import dev.strata.core.spec.DatasetName;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.SourceFormat;
import dev.strata.core.spec.SourceSpec;
import dev.strata.core.spec.Suggestions;
import dev.strata.core.spec.TableFormat;
import dev.strata.engine.quality.Profiler;
import dev.strata.engine.run.TableLocations;
import dev.strata.engine.source.SourceFiles;
import dev.strata.engine.source.SourceRead;
import dev.strata.engine.source.Sources;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code strata profile FILE --dataset X}: a column profile of a dataset's table or a source's rows. */
@Command(
        name = "profile",
        description = "Profile a dataset's current table, or a source's rows: per column its type, NULLs, distinct"
                + " values, range, top values and value shapes. --suggest also prints rules the data satisfies"
                + " today, as YAML for expect:.")
final class ProfileCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);
    private static final String LABEL = "  %-13s";

    @Mixin
    PipelineFile pipelineFile;

    @Option(
            names = "--dataset",
            required = true,
            paramLabel = "NAME",
            description = "A dataset (silver.orders, silver.orders__quarantine) or a source (orders_raw).")
    String dataset;

    @Option(names = "--suggest", description = "Also print quality rules the data satisfies today.")
    boolean suggest;

    @Option(names = "--format", defaultValue = "text", description = "text | json (default: ${DEFAULT-VALUE}).")
    String format;

    @Mixin
    SparkOptions spark;

    @Mixin
    RoleOption role;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** What --dataset names: a source, or a table (a dataset's or its quarantine) in a format. */
    private record Target(String source, DatasetName table, TableFormat format) {}

    @Override
    public Integer call() {
        String output = format.toLowerCase(Locale.ROOT);
        if (!List.of("text", "json").contains(output)) {
            throw new StrataException(
                    ErrorCode.INVALID_SPEC, "Cannot print a profile as '" + format + "' (expected text | json)");
        }
        Pipeline pipeline = pipelineFile.load();
        Target target = target(pipeline);
        SparkSession session = spark.start("strata profile", pipeline);
        String printed;
        try {
            Dataset<Row> rows =
                    target.source() != null ? readSource(session, pipeline) : readTable(session, pipeline, target);
            DatasetProfile profile = Profiler.profile(dataset, rows);
            List<RuleSpec> rules = suggest ? Profiler.suggest(rows, profile) : List.of();
            printed = output.equals("json") ? json(profile, rules) : text(profile, rules);
        } finally {
            session.stop();
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(printed);
        out.flush();
        return 0;
    }

    /** Resolves --dataset before Spark starts, so a typo costs no session. */
    private Target target(Pipeline pipeline) {
        Map<String, SourceSpec> sources = pipeline.spec().sources();
        if (sources.containsKey(dataset)) {
            if (sources.get(dataset).format() == SourceFormat.KAFKA) {
                throw new StrataException(
                        ErrorCode.UNSUPPORTED,
                        "Cannot profile source " + dataset + ": a kafka source is a stream (profile the dataset"
                                + " that ingests it instead)");
            }
            return new Target(dataset, null, null);
        }
        List<DatasetPlan> plans = Planner.plan(pipeline.spec()).datasets();
        Optional<DatasetName> name = DatasetName.tryParse(dataset);
        if (name.isPresent()) {
            for (DatasetPlan plan : plans) {
                if (plan.name().equals(name.get())) {
                    return new Target(null, plan.name(), plan.format());
                }
                if (plan.name().quarantine().equals(name.get())) {
                    return new Target(null, name.get(), TableFormat.DELTA);
                }
            }
        }
        List<String> candidates = new ArrayList<>();
        plans.forEach(p -> candidates.add(p.name().toString()));
        candidates.addAll(sources.keySet());
        String hint = Suggestions.didYouMean(dataset, candidates, false)
                .map(s -> s + " ")
                .orElse("");
        throw new StrataException(
                ErrorCode.NOT_FOUND,
                "Cannot profile '" + dataset + "': no dataset or source of that name (" + hint + "datasets: "
                        + plans.stream().map(p -> p.name().toString()).collect(Collectors.joining(", "))
                        + "; sources: " + (sources.isEmpty() ? "none" : String.join(", ", sources.keySet())) + ")");
    }

    private Dataset<Row> readTable(SparkSession session, Pipeline pipeline, Target target) {
        TableLocations locations = new TableLocations(pipeline.spec().storage());
        if (!locations.register(session, target.table(), target.format())) {
            throw new StrataException(
                    ErrorCode.NOT_FOUND,
                    "Cannot profile " + target.table() + ": its table does not exist yet at "
                            + locations.location(target.table()) + " (run the pipeline first, e.g. strata run "
                            + pipeline.file().getFileName() + " --only +" + target.table() + ")");
        }
        List<DatasetPlan> plans = Planner.plan(pipeline.spec()).datasets();
        dev.strata.engine.access.Masking.restrictAll(session, locations, plans, role.role());
        return session.table(target.table().toString());
    }

    /** A source's rows as the pipeline reads them, without the reader's own columns. */
    private Dataset<Row> readSource(SparkSession session, Pipeline pipeline) {
        SourceSpec source = pipeline.spec().sources().get(dataset);
        List<String> files = source.format().isFileBased() ? SourceFiles.list(session, source.path()) : List.of();
        return Sources.forFormat(source.format().id())
                .read(session, source, files)
                .rows()
                .drop(SourceRead.SOURCE_FILE, SourceRead.RAW_RECORD);
    }

    private static String json(DatasetProfile profile, List<RuleSpec> rules) {
        ObjectNode root = JSON.valueToTree(profile);
        root.set("suggested_rules", RuleSuggestions.tree(rules));
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the profile as JSON: " + e.getMessage(), e);
        }
    }

    private String text(DatasetProfile profile, List<RuleSpec> rules) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "%s: %d rows, %d columns (distinct counts are HyperLogLog++ estimates, relative error %s%%)%n",
                profile.dataset(),
                profile.rows(),
                profile.columns().size(),
                number(profile.distinctRelativeError() * 100)));
        for (ColumnProfile column : profile.columns()) {
            out.append(String.format(Locale.ROOT, "%n%s  %s%n", column.name(), column.type()));
            line(out, "nulls", column.nulls() + " (" + percent(column.nullFraction()) + ")");
            if (column.distinctEstimate() != null) {
                line(out, "distinct", "~" + column.distinctEstimate());
            }
            if (column.min() != null) {
                line(out, "min / max", column.min() + " / " + column.max());
            }
            if (column.minLength() != null) {
                line(out, "length", column.minLength() + " / " + column.maxLength());
            }
            if (column.mean() != null) {
                line(out, "mean", number(column.mean()));
                line(out, "stddev", number(column.stddev()));
            }
            topValues(out, column);
            String patterns = column.patterns().entrySet().stream()
                    .filter(e -> e.getValue() > 0)
                    .map(e -> e.getKey().id() + " " + percent((double) e.getValue() / column.nonNulls()))
                    .collect(Collectors.joining(", "));
            if (!patterns.isEmpty()) {
                line(out, "patterns", patterns);
            }
        }
        if (suggest) {
            out.append(String.format(
                    Locale.ROOT,
                    "%nSuggested rules (they hold on these %d rows; paste under the dataset's expect:):%n",
                    profile.rows()));
            out.append(RuleSuggestions.yaml(rules));
        }
        return out.toString();
    }

    private static void topValues(StringBuilder out, ColumnProfile column) {
        if (column.highCardinality()) {
            line(out, "top values", "high cardinality (more than " + Profiler.FREQUENCIES_UP_TO + " distinct)");
            return;
        }
        Frequencies frequencies = column.frequencies();
        if (frequencies == null || frequencies.top().isEmpty()) {
            return;
        }
        int width = frequencies.top().stream()
                .mapToInt(v -> v.value().length())
                .max()
                .orElse(0);
        String label = "top values";
        for (ValueCount value : frequencies.top()) {
            line(out, label, String.format(Locale.ROOT, "%-" + width + "s  %d", value.value(), value.count()));
            label = "";
        }
        if (frequencies.distinct() > frequencies.top().size()) {
            line(out, "", "(" + frequencies.distinct() + " distinct in all)");
        }
    }

    private static void line(StringBuilder out, String label, String value) {
        out.append(String.format(Locale.ROOT, LABEL, label))
                .append(value.stripTrailing())
                .append('\n');
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }

    /** At most 4 decimals, without trailing zeros. */
    private static String number(double value) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        return BigDecimal.valueOf(value)
                .setScale(4, RoundingMode.HALF_EVEN)
                .stripTrailingZeros()
                .toPlainString();
    }
}
