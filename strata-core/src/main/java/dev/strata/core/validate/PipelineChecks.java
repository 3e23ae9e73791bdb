package dev.strata.core.validate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.plan.Planner;
import dev.strata.core.spec.DatasetName;
import dev.strata.core.spec.DatasetSpec;
import dev.strata.core.spec.Durations;
import dev.strata.core.spec.ParameterSpec;
import dev.strata.core.spec.Parameters;
import dev.strata.core.spec.Suggestions;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Checks the top level of a pipeline: its name, parameters, schedule, timeout, storage and dataset defaults, and cycles of datasets. */
final class PipelineChecks {
    private static final Pattern PIPELINE_NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_-]*$");

    private final CheckContext context;
    private final JsonNode root;
    private final Problems problems;

    PipelineChecks(CheckContext context) {
        this.context = context;
        this.root = context.root();
        this.problems = context.problems();
    }

    /** Checks everything above sources and datasets, in the order of the file's usual layout. */
    void checkTopLevel() {
        checkName();
        checkParameters();
        checkSchedule();
        checkTimeout();
        checkMaxParallel();
        checkStorage();
        RetryChecks.check(problems, YamlPath.of("defaults"), root.path("defaults"));
    }

    private void checkName() {
        JsonNode name = root.path("name");
        if (name.isTextual() && !PIPELINE_NAME.matcher(name.asText()).matches()) {
            problems.error(
                    YamlPath.of("name"),
                    "invalid pipeline name '" + name.asText() + "'",
                    "use letters, digits, '_' and '-', starting with a letter or digit");
        }
    }

    private void checkParameters() {
        root.path("parameters").fields().forEachRemaining(entry -> {
            String name = entry.getKey();
            YamlPath path = YamlPath.of("parameters", name);
            if (!Parameters.NAME.matcher(name).matches()) {
                problems.errorAtKey(
                        path,
                        "invalid parameter name '" + name + "'",
                        "use letters, digits and '_', not starting with a digit, e.g. RUN_DATE");
            } else if (Parameters.isReserved(name)) {
                problems.errorAtKey(
                        path,
                        "parameter name '" + name + "' is reserved: names starting with " + Parameters.RESERVED_PREFIX
                                + " are Strata's own settings",
                        "rename it, e.g. "
                                + (name.length() > Parameters.RESERVED_PREFIX.length()
                                        ? name.substring(Parameters.RESERVED_PREFIX.length())
                                        : "RUN_" + name));
            }
            context.bind(path, entry.getValue(), ParameterSpec.class)
                    .ifPresent(parameter -> checkParameter(path, parameter));
        });
    }

    private void checkParameter(YamlPath path, ParameterSpec parameter) {
        List<String> allowed = parameter.allowed();
        for (int i = 0; i < allowed.size(); i++) {
            int index = i;
            Parameters.typeProblem(parameter.type(), allowed.get(i))
                    .ifPresent(reason -> problems.error(path.resolve("allowed", index), reason, null));
        }
        if (root.path("parameters").path((String) path.last()).has("allowed") && allowed.isEmpty()) {
            problems.error(
                    path.child("allowed"),
                    "allowed lists no value",
                    "list the values the parameter may take, e.g. [full, incremental], or remove allowed");
        }
        if (parameter.defaultValue() != null) {
            Parameters.problem(parameter, parameter.defaultValue())
                    .ifPresent(reason -> problems.error(path.child("default"), "the default " + reason, null));
        }
    }

    private void checkMaxParallel() {
        JsonNode maxParallel = root.path("max_parallel");
        if (maxParallel.isIntegralNumber() && maxParallel.asLong() < 1) {
            problems.error(
                    YamlPath.of("max_parallel"),
                    "max_parallel must be at least 1, not " + maxParallel.asText(),
                    "1 builds one dataset at a time in plan order; more build independent datasets at once");
        }
    }

    private void checkTimeout() {
        JsonNode timeout = root.path("timeout");
        if (timeout.isTextual() && !Durations.SYNTAX.matcher(timeout.asText()).matches()) {
            problems.error(
                    YamlPath.of("timeout"),
                    "invalid timeout '" + timeout.asText() + "'",
                    "a duration such as 90s, 15m or 2h");
        }
    }

    private void checkSchedule() {
        JsonNode schedule = root.path("schedule");
        JsonNode cron = schedule;
        if (schedule.isObject()) {
            cron = schedule.path("cron");
            checkTimezone(schedule.path("timezone"));
        }
        if (cron.isTextual()) {
            String expression = cron.asText();
            CronSyntax.check(expression)
                    .ifPresent(reason -> problems.error(
                            cronPath(schedule),
                            "invalid cron expression '" + expression + "': " + reason,
                            "minute hour day-of-month month day-of-week, e.g. \"0 * * * *\" runs hourly"));
        }
    }

    private static YamlPath cronPath(JsonNode schedule) {
        return schedule.isObject() ? YamlPath.of("schedule", "cron") : YamlPath.of("schedule");
    }

    /** A time zone is an IANA region id (Europe/Berlin), UTC, or a fixed offset (+02:00). */
    private void checkTimezone(JsonNode timezone) {
        if (!timezone.isTextual()) {
            return;
        }
        String zone = timezone.asText();
        try {
            ZoneId.of(zone);
        } catch (DateTimeException e) {
            String suggestion = Suggestions.didYouMean(zone, ZoneId.getAvailableZoneIds(), false)
                    .map(s -> s + "; ")
                    .orElse("");
            problems.error(
                    YamlPath.of("schedule", "timezone"),
                    "unknown time zone '" + zone + "'",
                    suggestion + "an IANA time zone such as Europe/Berlin or America/New_York, or UTC");
        }
    }

    private void checkStorage() {
        JsonNode storage = root.path("storage");
        JsonNode retention = storage.path("retention");
        if (retention.isTextual()
                && !Durations.SYNTAX.matcher(retention.asText()).matches()) {
            problems.error(
                    YamlPath.of("storage", "retention"),
                    "invalid retention '" + retention.asText() + "'",
                    "a number and a unit: s, m, h, d or w, e.g. 7d");
        }
        JsonNode iceberg = storage.path("iceberg");
        String type = iceberg.path("type").asText("hadoop");
        if (!"hadoop".equals(type) && !iceberg.has("uri")) {
            problems.error(
                    YamlPath.of("storage", "iceberg"),
                    "an Iceberg " + type + " catalog needs 'uri'",
                    "jdbc".equals(type)
                            ? "e.g. uri: jdbc:postgresql://127.0.0.1:5432/strata"
                            : "e.g. uri: https://catalog.example.com/api/catalog");
        }
    }

    /** Reports one cycle among the datasets that could be read, at the field that reads the first of them. */
    void checkCycles(Map<String, DatasetSpec> datasets) {
        Planner.findCycle(datasets).ifPresent(cycle -> {
            DatasetName first = cycle.get(0);
            DatasetSpec dataset = datasets.get(first.toString());
            YamlPath path = YamlPath.of("datasets", first.toString());
            if (dataset.from() != null) {
                path = path.child("from");
            } else if (dataset.sql() != null) {
                path = path.child("sql");
            }
            problems.error(
                    path, Planner.cycleMessage(cycle), "a dataset cannot read itself, directly or through others");
        });
    }
}
