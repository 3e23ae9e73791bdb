package dev.strata.core.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.core.plan.Planner;
import dev.strata.core.plan.SqlReferences;
import dev.strata.core.quality.MetricKey;
import dev.strata.core.quality.Threshold;
import dev.strata.core.spec.Problem.Severity;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The checks a schema cannot express: references between sources and datasets, SQL table references, write modes and
 * their keys, the fields each rule needs, cron syntax and cycles. Each part of the file that passed the schema is bound
 * on its own, so one broken dataset does not hide the problems of another.
 */
final class SpecChecks {
    private static final Pattern PIPELINE_NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_-]*$");
    private static final Pattern COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern DURATION = Durations.SYNTAX;
    private static final List<String> COMMON_RULE_FIELDS = List.of("name", "on_fail", "where");
    private static final Map<RuleType, List<String>> RULE_FIELDS = ruleFields();
    private static final Map<RuleType, String> RULE_EXAMPLES = ruleExamples();
    /** Rules that check one column; unique takes column or columns, and anomaly may watch a column. */
    private static final Set<RuleType> NEEDS_COLUMN = EnumSet.complementOf(EnumSet.of(
            RuleType.EXPRESSION,
            RuleType.UNIQUE,
            RuleType.DISTINCT_COUNT,
            RuleType.ROW_COUNT,
            RuleType.AGGREGATE,
            RuleType.ANOMALY));

    private final JsonNode original;
    private final JsonNode root;
    private final Set<YamlPath> rejected;
    private final Problems problems;
    private final ObjectMapper mapper;
    private final Set<String> sourceNames = new LinkedHashSet<>();
    private final Set<DatasetName> declared = new LinkedHashSet<>();
    private final Set<String> layers;

    private SpecChecks(
            JsonNode original, JsonNode root, Set<YamlPath> rejected, Problems problems, ObjectMapper mapper) {
        this.original = original;
        this.root = root;
        this.rejected = rejected;
        this.problems = problems;
        this.mapper = mapper;
        original.path("sources").fieldNames().forEachRemaining(sourceNames::add);
        original.path("datasets")
                .fieldNames()
                .forEachRemaining(key -> DatasetName.tryParse(key).ifPresent(declared::add));
        this.layers = Planner.layers(declared);
    }

    /**
     * Runs every check on {@code root}: the {@code original} tree without the parts the schema {@code rejected}
     * (except rejected list items, which are skipped here). Names of sources and datasets come from the original, so
     * that a rejected source still counts as declared.
     */
    static void run(JsonNode original, JsonNode root, Set<YamlPath> rejected, Problems problems, ObjectMapper mapper) {
        new SpecChecks(original, root, rejected, problems, mapper).run();
    }

    private void run() {
        checkName();
        checkParameters();
        checkSchedule();
        checkTimeout();
        checkStorage();
        root.path("sources").fields().forEachRemaining(entry -> {
            YamlPath path = YamlPath.of("sources", entry.getKey());
            bind(path, entry.getValue(), SourceSpec.class).ifPresent(source -> checkSource(path, source));
        });
        Map<String, DatasetSpec> datasets = new LinkedHashMap<>();
        root.path("datasets").fields().forEachRemaining(entry -> {
            YamlPath path = YamlPath.of("datasets", entry.getKey());
            checkDataset(path, entry.getValue()).ifPresent(dataset -> datasets.put(entry.getKey(), dataset));
        });
        checkUnusedSources();
        checkCycles(datasets);
    }

    private <T> Optional<T> bind(YamlPath path, JsonNode node, Class<T> type) {
        if (rejected.contains(path)) {
            return Optional.empty();
        }
        try {
            return Optional.of(mapper.treeToValue(node, type));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            if (rejected.stream().anyMatch(part -> part.startsWith(path) || path.startsWith(part))) {
                return Optional.empty();
            }
            // The schema accepted this part, so the records and the schema disagree: say what Jackson said.
            String reason = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
            problems.error(path, "cannot read this part of the file: " + reason, null);
            return Optional.empty();
        }
    }

    // ---- pipeline ----

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
            bind(path, entry.getValue(), ParameterSpec.class).ifPresent(parameter -> checkParameter(path, parameter));
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

    private void checkTimeout() {
        JsonNode timeout = root.path("timeout");
        if (timeout.isTextual() && !DURATION.matcher(timeout.asText()).matches()) {
            problems.error(
                    YamlPath.of("timeout"),
                    "invalid timeout '" + timeout.asText() + "'",
                    "a duration such as 90s, 15m or 2h");
        }
    }

    private void checkSchedule() {
        JsonNode schedule = root.path("schedule");
        if (schedule.isTextual()) {
            CronSyntax.check(schedule.asText())
                    .ifPresent(reason -> problems.error(
                            YamlPath.of("schedule"),
                            "invalid cron expression '" + schedule.asText() + "': " + reason,
                            "minute hour day-of-month month day-of-week, e.g. \"0 * * * *\" runs hourly"));
        }
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

    private void checkUnusedSources() {
        Set<String> read = new LinkedHashSet<>();
        original.path("datasets").forEach(dataset -> {
            if (dataset.path("from").isTextual()) {
                read.add(dataset.path("from").asText());
            }
        });
        for (String source : sourceNames) {
            if (!read.contains(source)) {
                problems.warningAtKey(
                        YamlPath.of("sources", source),
                        "source '" + source + "' is not read by any dataset",
                        "read it with from: " + source + ", or remove it");
            }
        }
    }

    private void checkCycles(Map<String, DatasetSpec> datasets) {
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

    // ---- datasets ----

    /** Checks one dataset; binds its steps and rules one by one, so that a broken one hides no other. */
    private Optional<DatasetSpec> checkDataset(YamlPath path, JsonNode node) {
        if (!node.isObject()) {
            return Optional.empty();
        }
        ObjectNode shellNode = ((ObjectNode) node).deepCopy();
        shellNode.remove(List.of("transform", "expect"));
        Optional<DatasetSpec> shell = bind(path, shellNode, DatasetSpec.class);
        List<TransformSpec> steps = new ArrayList<>();
        JsonNode stepNodes = node.path("transform");
        for (int i = 0; i < stepNodes.size(); i++) {
            YamlPath at = path.resolve("transform", i);
            bind(at, stepNodes.get(i), TransformSpec.class).ifPresent(step -> {
                steps.add(step);
                checkTransform(at, step);
            });
        }
        List<RuleSpec> rules = new ArrayList<>();
        JsonNode ruleNodes = node.path("expect");
        for (int i = 0; i < ruleNodes.size(); i++) {
            YamlPath at = path.resolve("expect", i);
            JsonNode ruleNode = ruleNodes.get(i);
            bind(at, ruleNode, RuleSpec.class).ifPresent(rule -> {
                rules.add(rule);
                checkRule(at, ruleNode, rule);
            });
        }
        if (shell.isEmpty()) {
            return Optional.empty();
        }
        DatasetSpec dataset = shell.get();
        checkInputs(path, dataset);
        checkWrite(path.child("write"), node.path("write"), dataset.write());
        if (dataset.encrypt() != null) {
            checkEncrypt(path.child("encrypt"), dataset.encrypt(), dataset.write());
        }
        if (dataset.access() != null) {
            checkAccess(path.child("access"), dataset.access());
        }
        return Optional.of(new DatasetSpec(
                dataset.from(),
                dataset.sql(),
                steps,
                rules,
                dataset.schemaEvolution(),
                dataset.write(),
                dataset.encrypt(),
                dataset.access(),
                dataset.description()));
    }

    /**
     * What can be checked of {@code encrypt:} without the data or the key store: the columns (that they exist is
     * checked before the write, whether the key does by {@code validate} and at the start of a run), the key's name, and
     * that randomized ciphertexts are never compared: merge and scd2 keys, tracked columns and partitions need equal
     * values to stay equal.
     */
    private void checkEncrypt(YamlPath path, EncryptSpec encrypt, WriteSpec write) {
        if (encrypt.columns().isEmpty()) {
            problems.error(
                    path.child("columns"),
                    "encrypt needs at least one column",
                    "e.g. encrypt: {columns: [email], key: pii}");
        }
        if (encrypt.key() != null && !dev.strata.core.crypto.KeyStore.validName(encrypt.key())) {
            problems.error(
                    path.child("key"),
                    "invalid key name '" + encrypt.key() + "'",
                    "use 1-64 letters, digits, '_' or '-', starting with a letter or digit");
        }
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < encrypt.columns().size(); i++) {
            String column = encrypt.columns().get(i);
            YamlPath at = path.resolve("columns", i);
            if (!seen.add(column)) {
                problems.error(at, "column '" + column + "' is listed twice", "list each column once");
            } else if (column.startsWith("_") && STRATA_COLUMNS.contains(column)) {
                problems.error(
                        at,
                        "cannot encrypt Strata's own column '" + column + "'",
                        "encrypt the dataset's data columns; Strata reads " + String.join(", ", STRATA_COLUMNS));
            } else if (write.partitionBy().contains(column)) {
                problems.error(
                        at,
                        "cannot encrypt partition column '" + column + "'",
                        "a ciphertext makes a useless partition: partition by another column");
            } else if (!Boolean.TRUE.equals(encrypt.deterministic())
                    && (write.keys().contains(column) || write.track().contains(column))) {
                problems.error(
                        at,
                        "'" + column + "' is a " + (write.keys().contains(column) ? "key" : "tracked column") + " of"
                                + " write mode " + write.mode().id() + ", and randomized ciphertexts of equal values"
                                + " differ",
                        "set deterministic: true, so equal values keep equal ciphertexts");
            }
            for (String[] expression :
                    new String[][] {{"order_by", write.orderBy()}, {"delete_when", write.deleteWhen()}}) {
                if (expression[1] != null
                        && Pattern.compile("(?<![A-Za-z0-9_])" + Pattern.quote(column) + "(?![A-Za-z0-9_])")
                                .matcher(expression[1])
                                .find()) {
                    problems.error(
                            at,
                            "'" + column + "' is encrypted before the write, so write." + expression[0]
                                    + " would read its ciphertexts",
                            "use a column that is not encrypted in write." + expression[0] + ", or do not encrypt '"
                                    + column + "'");
                }
            }
        }
    }

    private static final Pattern ROLE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.@:-]*");

    /** Roles are names; policies are a keyword or an SQL expression (Spark checks its syntax when it is read). */
    private void checkAccess(YamlPath path, AccessSpec access) {
        access.mask().forEach((column, policies) -> {
            if (policies.isEmpty()) {
                problems.error(
                        path.resolve("mask", column),
                        "mask of '" + column + "' names no role",
                        "e.g. " + column + ": {viewer: hash, default: redact}");
            }
            policies.forEach((role, policy) -> {
                if (!ROLE.matcher(role).matches()) {
                    problems.errorAtKey(
                            path.resolve("mask", column, role),
                            "invalid role '" + role + "'",
                            "a role is letters, digits, '_', '.', '@', ':' or '-'");
                } else if (policy == null || policy.isBlank()) {
                    problems.error(
                            path.resolve("mask", column, role),
                            "empty masking policy",
                            "clear, redact, hash, last4, null or an SQL expression");
                }
            });
        });
        access.rowFilter().forEach((role, condition) -> {
            if (!ROLE.matcher(role).matches()) {
                problems.errorAtKey(
                        path.resolve("row_filter", role),
                        "invalid role '" + role + "'",
                        "a role is letters, digits, '_', '.', '@', ':' or '-'");
            } else if (condition == null || condition.isBlank()) {
                problems.error(
                        path.resolve("row_filter", role), "empty row filter", "an SQL condition, e.g. country = 'DE'");
            }
        });
    }

    /** Columns Strata writes and reads itself. */
    private static final List<String> STRATA_COLUMNS = List.of(
            "_run_id",
            "_ingested_at",
            "_source_file",
            "_failed_rules",
            "_reason",
            "_quarantined_at",
            "_raw_record",
            "_valid_from",
            "_valid_to",
            "_is_current");

    private void checkInputs(YamlPath path, DatasetSpec dataset) {
        if (dataset.from() == null && dataset.sql() == null) {
            problems.errorAtKey(
                    path, "a dataset needs 'from' or 'sql'", "read a source or dataset with from:, or write sql:");
        } else if (dataset.from() != null && dataset.sql() != null) {
            problems.errorAtKey(
                    path.child("sql"),
                    "a dataset takes 'from' or 'sql', not both",
                    "keep from: to read one input, or sql: to read any datasets");
        }
        if (dataset.from() != null) {
            checkFrom(path.child("from"), dataset.from());
        }
        if (dataset.sql() != null) {
            checkSql(path.child("sql"), dataset.sql());
        }
    }

    private void checkFrom(YamlPath path, String from) {
        boolean isDataset = DatasetName.tryParse(from)
                .flatMap(name -> Planner.resolve(name, declared))
                .isPresent();
        if (!isDataset && !sourceNames.contains(from)) {
            List<String> candidates = new ArrayList<>(sourceNames);
            declared.forEach(name -> candidates.add(name.toString()));
            problems.error(
                    path,
                    "'" + from + "' is not a source or dataset",
                    Suggestions.didYouMean(from, candidates, true).orElse("declare it under sources: or datasets:"));
        }
    }

    private void checkSql(YamlPath path, String sql) {
        Set<DatasetName> reported = new LinkedHashSet<>();
        for (SqlReferences.Occurrence reference : SqlReferences.find(sql, layers)) {
            DatasetName name = reference.name();
            if (Planner.resolve(name, declared).isEmpty() && reported.add(name)) {
                problems.add(
                        path,
                        problems.map().insideValue(path, sql, reference.offset()),
                        "references " + name + ", which is not defined",
                        datasetHint(name.toString()),
                        Severity.ERROR);
            }
        }
    }

    private String datasetHint(String name) {
        return Suggestions.didYouMean(
                        name, declared.stream().map(DatasetName::toString).toList(), false)
                .orElse("declare it under datasets:");
    }

    private void checkTransform(YamlPath path, TransformSpec step) {
        if (step.join() != null) {
            YamlPath join = path.child("join");
            TransformSpec.Join spec = step.join();
            boolean datasetExists = DatasetName.tryParse(spec.with())
                    .flatMap(name -> Planner.resolve(name, declared))
                    .isPresent();
            if (!datasetExists) {
                problems.error(
                        join.child("with"),
                        "joins " + spec.with() + ", which is not a dataset",
                        sourceNames.contains(spec.with())
                                ? "a source cannot be joined: read it into a dataset, and join that"
                                : datasetHint(spec.with()));
            }
            boolean hasOn = !spec.on().isEmpty();
            boolean hasCondition = spec.condition() != null;
            if (!hasOn && !hasCondition) {
                problems.errorAtKey(
                        join,
                        "a join needs 'on' or 'condition'",
                        "on: [customer_id] joins equal columns; condition: \"l.id = r.id\" takes any SQL");
            } else if (hasOn && hasCondition) {
                problems.errorAtKey(
                        join.child("condition"),
                        "a join takes 'on' or 'condition', not both",
                        "keep on: for equal columns, or condition: for any SQL");
            }
        }
        if (step.dedupe() != null && step.dedupe().keys().isEmpty()) {
            problems.error(path.resolve("dedupe", "keys"), "dedupe needs at least one key", "e.g. keys: [order_id]");
        }
        if (step.sql() != null) {
            checkSql(path.child("sql"), step.sql());
        }
    }

    private void checkWrite(YamlPath path, JsonNode node, WriteSpec write) {
        WriteMode mode = write.mode();
        boolean needsKeys = mode == WriteMode.MERGE || mode == WriteMode.SCD2 || mode == WriteMode.DELETE;
        if (needsKeys && write.keys().isEmpty()) {
            problems.error(
                    node.has("mode") ? path.child("mode") : path,
                    "write mode " + mode.id() + " needs keys",
                    "add keys: [<key column>, …] to the write");
        }
        if (node.has("track") && mode != WriteMode.SCD2) {
            problems.errorAtKey(
                    path.child("track"), "'track' applies only to write mode scd2", "use mode: scd2, or remove track");
        }
        if (node.has("delete_when") && mode != WriteMode.MERGE) {
            problems.errorAtKey(
                    path.child("delete_when"),
                    "'delete_when' applies only to write mode merge",
                    "use mode: merge, or remove delete_when");
        }
        if (node.has("order_by") && mode != WriteMode.MERGE && mode != WriteMode.SCD2) {
            problems.errorAtKey(
                    path.child("order_by"),
                    "'order_by' applies only to write modes merge and scd2",
                    "it picks the row kept when a batch holds one key twice; remove it");
        }
        for (String tracked : write.track()) {
            if (write.keys().contains(tracked)) {
                problems.error(
                        path.child("track"),
                        "key column '" + tracked + "' cannot also be tracked",
                        "track lists the non-key columns whose change opens a new version");
            }
        }
        TableFormat format = write.formatOr(defaultFormat());
        if (!format.isTable() && mode != WriteMode.APPEND && mode != WriteMode.OVERWRITE) {
            problems.error(
                    node.has("mode") ? path.child("mode") : path,
                    "write mode " + mode.id() + " needs a table format, and " + format.id()
                            + " writes plain files that cannot update or delete rows",
                    "use format: delta, iceberg or hudi, or mode: append or overwrite");
        }
        if (node.has("table_type") && format != TableFormat.HUDI) {
            problems.errorAtKey(
                    path.child("table_type"),
                    "'table_type' applies only to format hudi, and this dataset writes " + format.id(),
                    "use format: hudi, or remove table_type");
        }
    }

    private TableFormat defaultFormat() {
        JsonNode format = root.path("storage").path("format");
        if (format.isTextual()) {
            for (TableFormat candidate : TableFormat.values()) {
                if (candidate.id().equals(format.asText())) {
                    return candidate;
                }
            }
        }
        return TableFormat.DELTA;
    }

    private void checkStorage() {
        JsonNode storage = root.path("storage");
        JsonNode retention = storage.path("retention");
        if (retention.isTextual() && !DURATION.matcher(retention.asText()).matches()) {
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

    // ---- rules ----

    private void checkRule(YamlPath path, JsonNode node, RuleSpec rule) {
        RuleType type = rule.rule();
        String id = type.id();
        List<String> takes = new ArrayList<>(RULE_FIELDS.get(type));
        takes.addAll(COMMON_RULE_FIELDS);
        node.fieldNames().forEachRemaining(field -> {
            if (!takes.contains(field) && !field.equals("rule")) {
                problems.errorAtKey(
                        path.child(field),
                        "'" + field + "' does not apply to rule " + id,
                        "rule " + id + " takes: " + String.join(", ", takes));
            }
        });
        String example = "e.g. " + RULE_EXAMPLES.get(type);
        List<String> fields = RULE_FIELDS.get(type);
        if (NEEDS_COLUMN.contains(type) && rule.column() == null) {
            problems.error(path, "rule " + id + " needs 'column'", example);
        }
        if (type == RuleType.UNIQUE || type == RuleType.DISTINCT_COUNT) {
            if (rule.column() == null && rule.columns().isEmpty()) {
                problems.error(path, "rule " + id + " needs 'column' or 'columns'", example);
            } else if (rule.column() != null && !rule.columns().isEmpty()) {
                problems.errorAtKey(
                        path.child("columns"),
                        "rule " + id + " takes 'column' or 'columns', not both",
                        "columns: [a, b] checks the pair");
            }
        }
        requireField(path, rule.pattern(), type == RuleType.REGEX, "pattern", id, example);
        requireField(
                path,
                rule.expression(),
                type == RuleType.EXPRESSION || type == RuleType.AGGREGATE,
                "expression",
                id,
                example);
        requireField(path, rule.type(), type == RuleType.TYPE, "type", id, example);
        requireField(path, rule.references(), type == RuleType.REFERENCES, "references", id, example);
        requireField(path, rule.maxAge(), type == RuleType.FRESHNESS, "max_age", id, example);
        requireField(path, rule.metric(), type == RuleType.ANOMALY, "metric", id, example);
        requireField(path, rule.strategy(), type == RuleType.ANOMALY, "strategy", id, example);
        boolean boundsOptional =
                type == RuleType.ANOMALY || (type == RuleType.ROW_COUNT && rule.maxChangePct() != null);
        if (fields.contains("min")) {
            if (rule.min() == null && rule.max() == null && !boundsOptional) {
                problems.error(path, "rule " + id + " needs 'min' or 'max'", example);
            } else if (rule.min() != null && rule.max() != null && rule.min().compareTo(rule.max()) > 0) {
                problems.error(
                        path.child("min"),
                        "min " + rule.min().toPlainString() + " is greater than max "
                                + rule.max().toPlainString(),
                        "swap them");
            }
        }
        if ((type == RuleType.IN_SET || type == RuleType.NOT_IN_SET)
                && rule.values().isEmpty()) {
            problems.error(
                    node.has("values") ? path.child("values") : path,
                    "rule " + id + " needs a non-empty 'values' list",
                    example);
        }
        if (type == RuleType.REGEX && rule.pattern() != null) {
            try {
                Pattern.compile(rule.pattern());
            } catch (PatternSyntaxException e) {
                problems.error(
                        path.child("pattern"),
                        "invalid regular expression: " + e.getDescription()
                                + (e.getIndex() >= 0 ? " near index " + e.getIndex() : ""),
                        "patterns use Java regex syntax; quote them with '…' in YAML");
            }
        }
        if (type == RuleType.REFERENCES && rule.references() != null) {
            checkReference(path.child("references"), rule.references());
        }
        if (type == RuleType.FRESHNESS
                && rule.maxAge() != null
                && !DURATION.matcher(rule.maxAge()).matches()) {
            problems.error(
                    path.child("max_age"),
                    "invalid max_age '" + rule.maxAge() + "'",
                    "write a number and a unit s, m, h, d or w, e.g. 30m, 24h, 7d");
        }
        checkThreshold(path, "warn_if", rule.warnIf());
        checkThreshold(path, "error_if", rule.errorIf());
        if (rule.mostly() != null && (rule.mostly() < 0 || rule.mostly() > 1)) {
            problems.error(path.child("mostly"), "mostly must be between 0 and 1", "e.g. mostly: 0.99");
        }
        if (type == RuleType.ANOMALY) {
            checkAnomaly(path, rule, example);
        }
        if (type == RuleType.ROW_COUNT && rule.maxChangePct() != null && rule.maxChangePct() < 0) {
            problems.error(path.child("max_change_pct"), "max_change_pct must not be negative", "e.g. 50");
        }
        if ((rule.onFail() == OnFail.DROP || rule.onFail() == OnFail.QUARANTINE) && !type.judgesRows()) {
            problems.error(
                    path.child("on_fail"),
                    "rule " + id + " cannot " + rule.onFail().id() + " rows: it judges the dataset as a whole",
                    "use warn or fail for aggregate rules");
        }
    }

    private void checkThreshold(YamlPath path, String field, String value) {
        if (value == null) {
            return;
        }
        try {
            Threshold.parse(value);
        } catch (IllegalArgumentException e) {
            problems.error(path.child(field), e.getMessage(), Threshold.syntaxHint());
        }
    }

    private void checkAnomaly(YamlPath path, RuleSpec rule, String example) {
        if (rule.metric() != null) {
            try {
                MetricKey.parse(rule.metric());
            } catch (IllegalArgumentException e) {
                problems.error(
                        path.child("metric"),
                        e.getMessage(),
                        "e.g. metric: row_count, completeness(email), mean(amount), pass_rate(not_null(id))");
            }
        }
        if (rule.strategy() == null) {
            return;
        }
        String strategy = rule.strategy().id();
        switch (rule.strategy()) {
            case ABSOLUTE_CHANGE, RELATIVE_RATE_OF_CHANGE -> {
                if (rule.maxIncrease() == null && rule.maxDecrease() == null) {
                    problems.error(path, "strategy " + strategy + " needs 'max_increase' or 'max_decrease'", example);
                }
                if (rule.strategy() == AnomalyStrategy.RELATIVE_RATE_OF_CHANGE
                        && rule.maxDecrease() != null
                        && rule.maxIncrease() != null
                        && rule.maxDecrease() > rule.maxIncrease()) {
                    problems.error(
                            path.child("max_decrease"),
                            "max_decrease " + rule.maxDecrease() + " is greater than max_increase "
                                    + rule.maxIncrease(),
                            "both are ratios to the previous value: max_decrease: 0.5 allows halving, max_increase:"
                                    + " 2.0 allows doubling");
                }
            }
            case SIMPLE_THRESHOLD -> {
                if (rule.min() == null && rule.max() == null) {
                    problems.error(
                            path,
                            "strategy simple_threshold needs 'min' or 'max'",
                            "e.g. {rule: anomaly, metric: completeness(email), strategy: simple_threshold, min: 0.9}");
                }
            }
            case HOLT_WINTERS -> {
                if (rule.seasonality() == null) {
                    problems.error(
                            path,
                            "strategy holt_winters needs 'seasonality'",
                            "seasonality: daily (a run a day, weekly cycle) or weekly (a run a week, yearly cycle)");
                }
            }
            default -> {}
        }
        if (rule.stddevs() != null && rule.stddevs() <= 0) {
            problems.error(path.child("stddevs"), "stddevs must be positive", "e.g. stddevs: 3");
        }
        if (rule.warmup() != null && (rule.warmup() < 0 || rule.warmup() >= 1)) {
            problems.error(path.child("warmup"), "warmup is a fraction of the history, 0 to below 1", "e.g. 0.1");
        }
        if (rule.history() != null && rule.history() < 1) {
            problems.error(path.child("history"), "history must be at least 1 run", "e.g. history: 60");
        }
    }

    private void requireField(YamlPath path, Object value, boolean required, String field, String id, String example) {
        if (required && value == null) {
            problems.error(path, "rule " + id + " needs '" + field + "'", example);
        }
    }

    private void checkReference(YamlPath path, String reference) {
        int dot = reference.lastIndexOf('.');
        Optional<DatasetName> table = dot < 0 ? Optional.empty() : DatasetName.tryParse(reference.substring(0, dot));
        if (table.isEmpty() || !COLUMN.matcher(reference.substring(dot + 1)).matches()) {
            problems.error(
                    path,
                    "expected layer.name.column, got '" + reference + "'",
                    "e.g. references: silver.customers.customer_id");
        } else if (Planner.resolve(table.get(), declared).isEmpty()) {
            problems.error(
                    path,
                    "references " + table.get() + ", which is not defined",
                    datasetHint(table.get().toString()));
        }
    }

    private static Map<RuleType, List<String>> ruleFields() {
        Map<RuleType, List<String>> fields = new EnumMap<>(RuleType.class);
        List<String> judged = List.of("mostly", "warn_if", "error_if");
        fields.put(RuleType.NOT_NULL, with(List.of("column"), judged));
        fields.put(RuleType.REGEX, with(List.of("column", "pattern"), judged));
        fields.put(RuleType.BETWEEN, with(List.of("column", "min", "max", "strict"), judged));
        fields.put(RuleType.IN_SET, with(List.of("column", "values"), judged));
        fields.put(RuleType.NOT_IN_SET, with(List.of("column", "values"), judged));
        fields.put(RuleType.LENGTH, with(List.of("column", "min", "max"), judged));
        fields.put(RuleType.TYPE, with(List.of("column", "type"), judged));
        fields.put(RuleType.EXPRESSION, with(List.of("expression"), judged));
        fields.put(RuleType.REFERENCES, with(List.of("column", "references"), judged));
        fields.put(RuleType.UNIQUE, with(List.of("column", "columns"), judged));
        fields.put(RuleType.ROW_COUNT, List.of("min", "max", "max_change_pct"));
        fields.put(RuleType.FRESHNESS, List.of("column", "max_age"));
        fields.put(RuleType.COMPLETENESS, List.of("column", "min", "max"));
        fields.put(RuleType.DISTINCT_COUNT, List.of("column", "columns", "min", "max"));
        for (RuleType stat : List.of(RuleType.MIN, RuleType.MAX, RuleType.MEAN, RuleType.STDDEV, RuleType.SUM)) {
            fields.put(stat, List.of("column", "min", "max"));
        }
        fields.put(RuleType.AGGREGATE, List.of("expression", "min", "max"));
        fields.put(
                RuleType.ANOMALY,
                List.of(
                        "metric",
                        "strategy",
                        "max_increase",
                        "max_decrease",
                        "min",
                        "max",
                        "stddevs",
                        "warmup",
                        "seasonality",
                        "history"));
        return fields;
    }

    private static List<String> with(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return List.copyOf(all);
    }

    private static Map<RuleType, String> ruleExamples() {
        Map<RuleType, String> examples = new EnumMap<>(RuleType.class);
        examples.put(RuleType.NOT_NULL, "{rule: not_null, column: order_id}");
        examples.put(RuleType.REGEX, "{rule: regex, column: email, pattern: '^[^@]+@[^@]+$'}");
        examples.put(RuleType.BETWEEN, "{rule: between, column: amount, min: 0, max: 100000}");
        examples.put(RuleType.IN_SET, "{rule: in_set, column: currency, values: [EUR, USD]}");
        examples.put(RuleType.NOT_IN_SET, "{rule: not_in_set, column: status, values: [deleted]}");
        examples.put(RuleType.LENGTH, "{rule: length, column: country, min: 2, max: 2}");
        examples.put(RuleType.TYPE, "{rule: type, column: amount, type: \"DECIMAL(12,2)\"}");
        examples.put(RuleType.EXPRESSION, "{rule: expression, expression: \"shipped_at >= ordered_at\"}");
        examples.put(
                RuleType.REFERENCES,
                "{rule: references, column: customer_id, references: silver.customers.customer_id}");
        examples.put(RuleType.UNIQUE, "{rule: unique, columns: [order_id]}");
        examples.put(RuleType.ROW_COUNT, "{rule: row_count, min: 1}");
        examples.put(RuleType.FRESHNESS, "{rule: freshness, column: ordered_at, max_age: 24h}");
        examples.put(RuleType.COMPLETENESS, "{rule: completeness, column: email, min: 0.95}");
        examples.put(RuleType.DISTINCT_COUNT, "{rule: distinct_count, column: customer_id, min: 1}");
        examples.put(RuleType.MIN, "{rule: min, column: amount, min: 0}");
        examples.put(RuleType.MAX, "{rule: max, column: amount, max: 100000}");
        examples.put(RuleType.MEAN, "{rule: mean, column: amount, min: 10, max: 500}");
        examples.put(RuleType.STDDEV, "{rule: stddev, column: amount, max: 1000}");
        examples.put(RuleType.SUM, "{rule: sum, column: amount, min: 0}");
        examples.put(RuleType.AGGREGATE, "{rule: aggregate, expression: \"sum(amount)\", min: 0}");
        examples.put(
                RuleType.ANOMALY,
                "{rule: anomaly, metric: row_count, strategy: relative_rate_of_change, max_increase: 2.0}");
        return examples;
    }
}
