package dev.strata.engine.quality;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.hll_sketch_agg;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.stddev_pop;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import dev.strata.core.quality.MetricKey;
import dev.strata.core.quality.MetricValue;
import dev.strata.core.spec.OnFail;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.RuleType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import org.apache.spark.storage.StorageLevel;

/**
 * A dataset's rules compiled for its batches. Row rules become boolean columns of one projection over the batch; every
 * metric is an aggregate expression, so the metrics of a batch come from the same pass that writes it (through {@code
 * Dataset.observe}) or, when a rule may fail the dataset, from one aggregation over the cached batch before the write.
 *
 * <p>Two sets of metrics: {@link #batchMetrics()} over every row of the batch (row counts, each row rule's failures,
 * uniqueness), and {@link #writtenMetrics} over the rows that are written (column metrics and the rules on the batch as
 * a whole: completeness, min, mean, aggregate, ...).
 */
public final class BatchQuality {
    /** The rules each quarantined row broke, by name. */
    public static final String FAILED_RULES = "_failed_rules";

    static final String QUARANTINE_FLAG = "__strata_quarantine";
    static final String DROP_FLAG = "__strata_drop";
    private static final String FAILED_PREFIX = "__strata_f";
    private static final String REFERENCE_PREFIX = "__strata_ref";
    private static final String KEY_COUNT_PREFIX = "__strata_kc";
    /** One type for {@link #FAILED_RULES} on every branch, so quarantine appends never differ in nullability. */
    public static final DataType FAILED_RULES_TYPE = DataTypes.createArrayType(DataTypes.StringType, true);
    /** HLL sketch size: 2^14 buckets, a relative standard error of about 0.8%. */
    static final int HLL_LG_K = 14;

    /** Columns Strata adds whose values say nothing about the data: one value per batch. */
    private static final Set<String> UNMEASURED = Set.of("_run_id", "_source_file", "_ingested_at");

    /** Duplicate keys of a unique rule up to this many are broadcast to the batch's tasks; more are joined. */
    private static final long BROADCAST_KEYS = 1_000_000;

    private final List<RuleSpec> rules;
    private final List<RuleSpec> rowRules;
    private final Map<Integer, Duplicates> duplicates = new LinkedHashMap<>();
    private final List<Dataset<Row>> cached = new ArrayList<>();

    public BatchQuality(List<RuleSpec> rules) {
        this.rules = List.copyOf(rules);
        this.rowRules = rules.stream().filter(r -> r.rule().judgesRows()).toList();
    }

    public List<RuleSpec> rules() {
        return rules;
    }

    List<RuleSpec> rowRules() {
        return rowRules;
    }

    /**
     * True when a rule may fail the dataset. Its verdict must be known before the write commits, so such a batch is
     * cached and measured by one aggregation first; every other batch is measured during its write.
     */
    public boolean blocking() {
        return rules.stream().anyMatch(r -> r.onFail() == OnFail.FAIL);
    }

    /** True when the batch's failing rows must be split off: some rule quarantines or drops rows. */
    public boolean splits() {
        return rowRules.stream().anyMatch(r -> r.onFail() == OnFail.QUARANTINE || r.onFail() == OnFail.DROP);
    }

    /**
     * The batch with one boolean column per row rule, and the quarantine and drop flags.
     * References rules join the distinct keys of the referenced table (one aggregation each). A unique rule runs one
     * aggregation of its own over the key columns only and keeps the keys seen more than once, usually few; they measure
     * the rule (with the batch's count of keyed rows) and, when rows leave the batch, are broadcast back to flag their
     * rows, so the batch itself is never shuffled for it. The repeated keys are cached while the batch is built.
     *
     * @param readTable a dataset's current table by {@code layer.name}
     */
    public Dataset<Row> flag(Dataset<Row> rows, Function<String, Dataset<Row>> readTable) {
        Dataset<Row> flagged = rows;
        List<String> working = new ArrayList<>();
        for (int i = 0; i < rowRules.size(); i++) {
            RuleSpec rule = rowRules.get(i);
            if (rule.rule() == RuleType.REFERENCES) {
                String reference = rule.references();
                int dot = reference.lastIndexOf('.');
                String found = REFERENCE_PREFIX + i;
                Dataset<Row> keys = readTable
                        .apply(reference.substring(0, dot))
                        .select(RowRules.column(reference.substring(dot + 1)).as(found + "_key"))
                        .where(col(found + "_key").isNotNull())
                        .distinct()
                        .withColumn(found, lit(true));
                flagged = flagged.join(keys, RowRules.column(rule.column()).equalTo(col(found + "_key")), "left_outer")
                        .drop(found + "_key");
                working.add(found);
            } else if (rule.rule() == RuleType.UNIQUE) {
                flagged = flagDuplicates(flagged, rows, rule, i);
            }
        }
        Column quarantine = lit(false);
        Column drop = lit(false);
        for (int i = 0; i < rowRules.size(); i++) {
            RuleSpec rule = rowRules.get(i);
            if (!hasFailedColumn(rule)) {
                continue;
            }
            Column failed = rule.rule() == RuleType.UNIQUE
                    ? keyed(rule).and(col(KEY_COUNT_PREFIX + i).gt(1))
                    : RowRules.failed(rule, coalesce(col(REFERENCE_PREFIX + i), lit(false)));
            flagged = flagged.withColumn(FAILED_PREFIX + i, failed);
            Column flag = col(FAILED_PREFIX + i);
            if (rule.onFail() == OnFail.QUARANTINE) {
                quarantine = quarantine.or(flag);
            } else if (rule.onFail() == OnFail.DROP) {
                drop = drop.or(flag);
            }
        }
        return flagged.drop(working.toArray(String[]::new))
                .withColumn(QUARANTINE_FLAG, quarantine)
                .withColumn(DROP_FLAG, drop.and(not(quarantine)));
    }

    /**
     * True when the rule's outcome per row is a column of the flagged batch. A unique rule's is only when rows leave the
     * batch (to quarantine a duplicate, or to name the rule among a quarantined row's failures); otherwise its repeated
     * keys alone measure it and are never joined back.
     */
    private boolean hasFailedColumn(RuleSpec rule) {
        return rule.rule() != RuleType.UNIQUE || splits();
    }

    /** The rows a unique rule checks: those its {@code where} selects with at least one key column set. */
    private static Column keyed(RuleSpec rule) {
        return whereClause(rule).and(not(RowRules.allNull(rule.targetColumns())));
    }

    /**
     * Measures unique rule {@code index} by the keys {@code rows} holds more than once and, when rows leave the batch,
     * joins them onto {@code flagged} as the count column {@code __strata_kc<i>} (NULL for every other row).
     */
    private Dataset<Row> flagDuplicates(Dataset<Row> flagged, Dataset<Row> rows, RuleSpec rule, int index) {
        List<String> keys = rule.targetColumns();
        String keyCount = KEY_COUNT_PREFIX + index;
        Dataset<Row> repeated = rows.filter(keyed(rule))
                .groupBy(RowRules.columns(keys))
                .agg(count(lit(1)).as(keyCount))
                .filter(col(keyCount).gt(1))
                .persist(StorageLevel.MEMORY_AND_DISK());
        cached.add(repeated);
        // One job over the key columns fills the cache; the rule's counts and the join below read the cache.
        Row stats = repeated.agg(coalesce(sum(col(keyCount)), lit(0L)), count(lit(1)))
                .first();
        long repeatedKeys = stats.getLong(1);
        duplicates.put(index, new Duplicates(stats.getLong(0), repeatedKeys));
        if (!hasFailedColumn(rule)) {
            return flagged;
        }
        Column[] renamed = new Column[keys.size() + 1];
        for (int k = 0; k < keys.size(); k++) {
            renamed[k] = RowRules.column(keys.get(k)).as(keyCount + "_" + k);
        }
        renamed[keys.size()] = col(keyCount);
        Dataset<Row> side = repeated.select(renamed);
        Column match = lit(true);
        for (int k = 0; k < keys.size(); k++) {
            match = match.and(RowRules.column(keys.get(k)).eqNullSafe(col(keyCount + "_" + k)));
        }
        Dataset<Row> joined =
                flagged.join(repeatedKeys <= BROADCAST_KEYS ? broadcast(side) : side, match, "left_outer");
        for (int k = 0; k < keys.size(); k++) {
            joined = joined.drop(keyCount + "_" + k);
        }
        return joined;
    }

    /** What a unique rule's aggregation found: the rows whose key repeats, and how many such keys. */
    private record Duplicates(long rows, long keys) {}

    /** A unique rule's counts, Deequ's way: rows with a key, rows whose key appears once, distinct keys. */
    public record KeyCounts(long keyed, long once, long distinct) {}

    /**
     * The counts of unique rule {@code index} (an index into the row rules) in a batch measured by {@link
     * #batchMetrics()}.
     */
    public KeyCounts keyCounts(Map<String, Object> batch, int index) {
        Duplicates repeated = duplicates.get(index);
        long keyed = ((Number) batch.get("keyed_" + index)).longValue();
        long once = keyed - repeated.rows();
        return new KeyCounts(keyed, once, once + repeated.keys());
    }

    /** The rows row rule {@code index} failed in a batch measured by {@link #batchMetrics()}. */
    public long failed(Map<String, Object> batch, int index) {
        if (rowRules.get(index).rule() == RuleType.UNIQUE) {
            return duplicates.get(index).rows();
        }
        return ((Number) batch.get("failed_" + index)).longValue();
    }

    /** The rows row rule {@code index} checked (those its {@code where} selects) in a measured batch. */
    public long checked(Map<String, Object> batch, int index) {
        Object checked = batch.get(rowRules.get(index).where() == null ? "rows" : "checked_" + index);
        return ((Number) checked).longValue();
    }

    /** Frees what {@link #flag} cached. */
    public void release() {
        cached.forEach(Dataset::unpersist);
        cached.clear();
    }

    /** The rows to write: neither quarantined nor dropped, without the working columns. */
    public Dataset<Row> valid(Dataset<Row> flagged) {
        return flagged.filter(not(col(QUARANTINE_FLAG).or(col(DROP_FLAG)))).drop(workingColumns());
    }

    /**
     * The quarantined rows, with {@link #FAILED_RULES} (every rule the row broke), without the working columns. The
     * list is built here, for the few quarantined rows only, not for every row of the batch.
     */
    public Dataset<Row> quarantined(Dataset<Row> flagged) {
        List<Column> names = new ArrayList<>();
        for (int i = 0; i < rowRules.size(); i++) {
            if (hasFailedColumn(rowRules.get(i))) {
                names.add(when(col(FAILED_PREFIX + i), lit(rowRules.get(i).displayName())));
            }
        }
        Column failedRules = names.isEmpty()
                ? array().cast(FAILED_RULES_TYPE)
                : array_compact(array(names.toArray(Column[]::new))).cast(FAILED_RULES_TYPE);
        return flagged.filter(col(QUARANTINE_FLAG))
                .withColumn(FAILED_RULES, failedRules)
                .drop(workingColumns());
    }

    private String[] workingColumns() {
        List<String> columns = new ArrayList<>(List.of(QUARANTINE_FLAG, DROP_FLAG));
        for (int i = 0; i < rowRules.size(); i++) {
            if (!hasFailedColumn(rowRules.get(i))) {
                continue;
            }
            columns.add(FAILED_PREFIX + i);
            if (rowRules.get(i).rule() == RuleType.UNIQUE) {
                columns.add(KEY_COUNT_PREFIX + i);
            }
        }
        return columns.toArray(String[]::new);
    }

    /**
     * Metrics over every row of the flagged batch: {@code rows}, {@code quarantined}, {@code dropped}; per row rule i
     * {@code failed_i} ({@code keyed_i}, the rows with a key, for a unique rule, whose failures its own aggregation
     * counts) and, for a rule with {@code where}, {@code checked_i} (the rows it selects). Read them through {@link
     * #failed}, {@link #checked} and {@link #keyCounts}.
     */
    public Column[] batchMetrics() {
        List<Column> metrics = new ArrayList<>();
        metrics.add(count(lit(1)).as("rows"));
        metrics.add(countTrue(col(QUARANTINE_FLAG)).as("quarantined"));
        metrics.add(countTrue(col(DROP_FLAG)).as("dropped"));
        for (int i = 0; i < rowRules.size(); i++) {
            RuleSpec rule = rowRules.get(i);
            if (rule.rule() == RuleType.UNIQUE) {
                metrics.add(countTrue(keyed(rule)).as("keyed_" + i));
            } else {
                metrics.add(countTrue(col(FAILED_PREFIX + i)).as("failed_" + i));
            }
            if (rule.where() != null) {
                metrics.add(countTrue(whereClause(rule)).as("checked_" + i));
            }
        }
        return metrics.toArray(Column[]::new);
    }

    /**
     * Metrics over the rows that are written, whose schema is {@code fields}: {@code written}; per column its non-null
     * count; for the columns rules name, sum, min, max and population standard deviation of numbers (their mean is the
     * sum over the non-null count), min and max
     * of dates and timestamps; HLL sketches for the columns a distinct count is asked of; and one value per rule on the
     * batch as a whole.
     */
    public Column[] writtenMetrics(StructField[] fields) {
        List<Column> metrics = new ArrayList<>();
        metrics.add(count(lit(1)).as("written"));
        Set<String> described = describedColumns();
        for (int c = 0; c < fields.length; c++) {
            StructField field = fields[c];
            if (UNMEASURED.contains(field.name())) {
                continue;
            }
            Column value = RowRules.column(field.name());
            metrics.add(count(value).as("nonnull_" + c));
            if (!described.contains(field.name())) {
                continue;
            }
            if (field.dataType() instanceof NumericType) {
                Column number = value.cast("double");
                metrics.add(sum(number).as("sum_" + c));
                metrics.add(min(number).as("min_" + c));
                metrics.add(max(number).as("max_" + c));
                metrics.add(stddev_pop(number).as("stddev_" + c));
            } else if (isTime(field.dataType())) {
                metrics.add(min(value).as("min_" + c));
                metrics.add(max(value).as("max_" + c));
            }
        }
        for (List<String> columns : distinctCountSubjects()) {
            metrics.add(hll_sketch_agg(hllInput(columns), HLL_LG_K).as("hll_" + String.join(",", columns)));
        }
        for (int i = 0; i < rules.size(); i++) {
            Column measured = measure(rules.get(i));
            if (measured != null) {
                metrics.add(measured.as("rule_" + i));
            }
        }
        return metrics.toArray(Column[]::new);
    }

    /**
     * The columns a rule names, directly or through an anomaly metric: their min, max, mean, stddev and sum are
     * measured and kept. Every other column gets its completeness only, so the checks stay cheap on wide tables.
     */
    Set<String> describedColumns() {
        Set<String> columns = new LinkedHashSet<>();
        for (RuleSpec rule : rules) {
            columns.addAll(rule.targetColumns());
            if (rule.rule() == RuleType.ANOMALY) {
                MetricKey key = MetricKey.parse(rule.metric());
                if (key.subject() != null && MetricKey.COLUMN_METRICS.contains(key.metric())) {
                    columns.addAll(List.of(key.subject().split(",")));
                }
            }
        }
        return columns;
    }

    /** The columns (or column sets) whose distinct count a rule asks for, including in an anomaly metric. */
    List<List<String>> distinctCountSubjects() {
        Set<List<String>> subjects = new LinkedHashSet<>();
        for (RuleSpec rule : rules) {
            if (rule.rule() == RuleType.DISTINCT_COUNT && rule.where() == null) {
                subjects.add(rule.targetColumns());
            } else if (rule.rule() == RuleType.ANOMALY) {
                MetricKey key = MetricKey.parse(rule.metric());
                if (key.metric().equals("distinct_count")) {
                    subjects.add(List.of(key.subject().split(",")));
                }
            }
        }
        return List.copyOf(subjects);
    }

    /**
     * The one aggregate a whole-batch rule with its own condition needs; rules without {@code where} read the column
     * metrics instead, so most rules add nothing to the pass.
     */
    private static Column measure(RuleSpec rule) {
        String column = rule.column();
        return switch (rule.rule()) {
            case AGGREGATE -> expr(rule.expression());
            case FRESHNESS -> max(when(whereClause(rule), RowRules.column(column)));
            case COMPLETENESS, MIN, MAX, MEAN, STDDEV, SUM -> {
                if (rule.where() == null) {
                    yield null;
                }
                Column value = when(whereClause(rule), RowRules.column(column));
                yield switch (rule.rule()) {
                    case COMPLETENESS -> count(value).divide(countTrue(whereClause(rule)));
                    case MIN -> min(value.cast("double"));
                    case MAX -> max(value.cast("double"));
                    case MEAN -> avg(value.cast("double"));
                    case STDDEV -> stddev_pop(value.cast("double"));
                    default -> sum(value.cast("double"));
                };
            }
            case DISTINCT_COUNT ->
                rule.where() == null
                        ? null
                        : hll_sketch_agg(when(whereClause(rule), hllInput(rule.targetColumns())), HLL_LG_K);
            default -> null;
        };
    }

    /** The value an HLL sketch counts: a column's text, or a JSON of several; NULL when every column is NULL. */
    private static Column hllInput(List<String> columns) {
        if (columns.size() == 1) {
            return RowRules.column(columns.get(0)).cast("string");
        }
        return when(not(RowRules.allNull(columns)), to_json(struct(RowRules.columns(columns))));
    }

    static Column whereClause(RuleSpec rule) {
        return rule.where() == null ? lit(true) : coalesce(expr(rule.where()), lit(false));
    }

    static boolean isTime(DataType type) {
        return type instanceof DateType || type instanceof TimestampType || type instanceof TimestampNTZType;
    }

    static Column countTrue(Column condition) {
        return coalesce(sum(when(condition, 1L).otherwise(0L)), lit(0L));
    }

    /** The values of {@link #batchMetrics()} and of {@link #writtenMetrics}, by name. */
    public record Measurement(Map<String, Object> batch, Map<String, Object> written) {}

    /**
     * Measures the flagged batch by aggregation rather than during a write: in one job when every row is written (the
     * written rows are then the batch), else one job over the batch and one over its written rows.
     */
    public Measurement measure(Dataset<Row> flagged, StructField[] fields) {
        Map<String, Object> batch = measureBatch(flagged, fields);
        return new Measurement(batch, splits() ? measureWritten(flagged, fields) : batch);
    }

    /**
     * One aggregation over the flagged batch: {@link #batchMetrics()}, with {@link #writtenMetrics} too when no rows
     * are split off (the written rows are then the batch).
     */
    public Map<String, Object> measureBatch(Dataset<Row> flagged, StructField[] fields) {
        return aggregate(flagged, splits() ? batchMetrics() : allMetrics(fields));
    }

    /** One aggregation over the written rows of the flagged batch: {@link #writtenMetrics}. */
    public Map<String, Object> measureWritten(Dataset<Row> flagged, StructField[] fields) {
        return aggregate(valid(flagged), writtenMetrics(fields));
    }

    /** The rows to write, and the observations that measure them during the write. */
    public record Observed(Dataset<Row> valid, Observation batch, Observation written) {
        /** True when one observation measures both (no rows are split off). */
        public boolean shared() {
            return batch == written;
        }
    }

    /**
     * The rows to write, with the batch measured on the way: {@link Observed#batch()} reports what {@link
     * #measureBatch} would, {@link Observed#written()} what {@link #measureWritten} would. When no rows are split off
     * one observation serves both: each costs a pass over the rows beside the write.
     *
     * @param observation a new observation of the given kind ({@code batch} or {@code written})
     */
    public Observed observe(Dataset<Row> flagged, StructField[] fields, Function<String, Observation> observation) {
        Observation batch = observation.apply("batch");
        if (!splits()) {
            return new Observed(valid(observed(flagged, batch, allMetrics(fields))), batch, batch);
        }
        Observation written = observation.apply("written");
        Dataset<Row> valid = observed(valid(observed(flagged, batch, batchMetrics())), written, writtenMetrics(fields));
        return new Observed(valid, batch, written);
    }

    private static Dataset<Row> observed(Dataset<Row> rows, Observation observation, Column[] metrics) {
        return rows.observe(observation, metrics[0], java.util.Arrays.copyOfRange(metrics, 1, metrics.length));
    }

    /**
     * {@link #batchMetrics()} and {@link #writtenMetrics} together, for a batch that {@link #splits() splits} no rows
     * off: its written rows are the batch.
     */
    private Column[] allMetrics(StructField[] fields) {
        Column[] batch = batchMetrics();
        Column[] written = writtenMetrics(fields);
        Column[] all = new Column[batch.length + written.length];
        System.arraycopy(batch, 0, all, 0, batch.length);
        System.arraycopy(written, 0, all, batch.length, written.length);
        return all;
    }

    /** One aggregation of {@code rows}, its results by name. */
    public static Map<String, Object> aggregate(Dataset<Row> rows, Column... metrics) {
        return asMap(rows.agg(metrics[0], java.util.Arrays.copyOfRange(metrics, 1, metrics.length))
                .first());
    }

    /** A Row's fields by name, as an observation reports them. */
    public static Map<String, Object> asMap(Row row) {
        Map<String, Object> values = new LinkedHashMap<>();
        String[] names = row.schema().fieldNames();
        for (int i = 0; i < names.length; i++) {
            values.put(names[i], row.get(i));
        }
        return values;
    }

    /** The metric values every run stores for the written rows' columns. */
    static List<MetricValue> columnMetrics(StructField[] fields, Map<String, Object> written) {
        List<MetricValue> metrics = new ArrayList<>();
        long rows = number(written.get("written")).longValue();
        for (int c = 0; c < fields.length; c++) {
            String name = fields[c].name();
            if (UNMEASURED.contains(name)) {
                continue;
            }
            long nonNull = number(written.get("nonnull_" + c)).longValue();
            metrics.add(new MetricValue(
                    MetricKey.of("completeness", name),
                    "",
                    rows == 0 ? 1.0 : (double) nonNull / rows,
                    Map.of("count", nonNull, "rows", rows)));
            metrics.add(MetricValue.of(MetricKey.of("null_count", name), rows - nonNull));
            if (written.containsKey("sum_" + c) && nonNull > 0) {
                double mean = number(written.get("sum_" + c)).doubleValue() / nonNull;
                double stddev = number(written.get("stddev_" + c)).doubleValue();
                double m2 = stddev * stddev * nonNull;
                Map<String, Object> moments = Map.of("n", nonNull, "mean", mean, "m2", m2);
                metrics.add(MetricValue.of(
                        MetricKey.of("sum", name),
                        number(written.get("sum_" + c)).doubleValue()));
                metrics.add(MetricValue.of(
                        MetricKey.of("min", name),
                        number(written.get("min_" + c)).doubleValue()));
                metrics.add(MetricValue.of(
                        MetricKey.of("max", name),
                        number(written.get("max_" + c)).doubleValue()));
                metrics.add(new MetricValue(MetricKey.of("mean", name), "", mean, moments));
                metrics.add(new MetricValue(MetricKey.of("stddev", name), "", stddev, moments));
            } else if (written.containsKey("min_" + c) && nonNull > 0) {
                metrics.add(
                        MetricValue.of(MetricKey.of("min", name), TimeValues.epochSeconds(written.get("min_" + c))));
                metrics.add(
                        MetricValue.of(MetricKey.of("max", name), TimeValues.epochSeconds(written.get("max_" + c))));
            }
        }
        return metrics;
    }

    static Number number(Object value) {
        return value == null ? Double.NaN : (Number) value;
    }
}
