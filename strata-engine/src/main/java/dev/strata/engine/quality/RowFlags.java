package dev.strata.engine.quality;

import static dev.strata.engine.quality.StandardAnalyzers.whereClause;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.strata.core.quality.metric.Metrics.RepeatedKeys;
import dev.strata.core.quality.metric.Metrics.Repeats;
import dev.strata.core.quality.rules.UniqueRule;
import dev.strata.core.spec.OnFail;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.RuleType;
import dev.strata.engine.session.OneJob;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * The row rules of a dataset as columns of its batch: one boolean "failed" column per rule ({@link RowRules}), and the
 * quarantine and drop flags. A {@code references} rule joins the distinct keys of the referenced table; a {@code
 * unique} rule runs one aggregation of its own over its key columns and keeps the keys seen more than once.
 */
final class RowFlags {
    private static final String FAILED_PREFIX = "__strata_f";
    private static final String REFERENCE_PREFIX = "__strata_ref";
    private static final String KEY_COUNT_PREFIX = "__strata_kc";

    /** Duplicate keys of a unique rule up to this many are broadcast to the batch's tasks; more are joined. */
    private static final long BROADCAST_KEYS = 1_000_000;

    private final List<RuleSpec> rowRules;
    private final boolean splits;
    private final Map<RepeatedKeys, Repeats> repeats = new LinkedHashMap<>();
    private final List<Dataset<Row>> cached = new ArrayList<>();
    private StructType schema;

    RowFlags(List<RuleSpec> rowRules, boolean splits) {
        this.rowRules = List.copyOf(rowRules);
        this.splits = splits;
    }

    /**
     * The batch with one boolean column per row rule, and the quarantine and drop flags.
     * References rules join the distinct keys of the referenced table (one aggregation each). A unique rule runs one
     * aggregation of its own over the key columns only and keeps the keys seen more than once, usually few; they measure
     * the rule (with the batch's count of keyed rows) and, when rows leave the batch, are broadcast back to flag their
     * rows, so the batch itself is never shuffled for it. The repeated keys are cached while the batch is built.
     */
    Dataset<Row> flag(Dataset<Row> rows, Function<String, Dataset<Row>> readTable) {
        Dataset<Row> flagged = rows;
        schema = rows.schema();
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
        List<Column> unflagged = new ArrayList<>();
        for (int i = 0; i < rowRules.size(); i++) {
            RuleSpec rule = rowRules.get(i);
            if (!hasFailedColumn(rule)) {
                if (rule.rule() != RuleType.UNIQUE) {
                    unflagged.add(RowRules.failed(rule, lit(false), schema));
                }
                continue;
            }
            Column failed = rule.rule() == RuleType.UNIQUE
                    // A key seen once has no count (the join found no repeat): false, not NULL, or the row would
                    // be neither written nor quarantined.
                    ? keyed(rule).and(coalesce(col(KEY_COUNT_PREFIX + i).gt(1), lit(false)))
                    : RowRules.failed(rule, coalesce(col(REFERENCE_PREFIX + i), lit(false)), schema);
            flagged = flagged.withColumn(FAILED_PREFIX + i, failed);
            Column flag = col(FAILED_PREFIX + i);
            if (rule.onFail() == OnFail.QUARANTINE) {
                quarantine = quarantine.or(flag);
            } else if (rule.onFail() == OnFail.DROP) {
                drop = drop.or(flag);
            }
        }
        if (!unflagged.isEmpty()) {
            // Resolved now, as a flag column would be: a rule naming a missing column fails here, not in the write.
            flagged.select(unflagged.toArray(Column[]::new));
        }
        flagged = flagged.drop(working.toArray(String[]::new));
        if (!splits) {
            return flagged;
        }
        return flagged.withColumn(BatchQuality.QUARANTINE_FLAG, quarantine)
                .withColumn(BatchQuality.DROP_FLAG, drop.and(not(quarantine)));
    }

    /**
     * The column of a flagged batch that is true for the rows {@code rule} fails: its flag column, or, when no row
     * leaves the batch, the rule's own expression, which the measuring pass evaluates where it counts it.
     */
    Column failed(RuleSpec rule) {
        return hasFailedColumn(rule)
                ? col(FAILED_PREFIX + rowRules.indexOf(rule))
                : RowRules.failed(rule, lit(false), schema);
    }

    /** The column that is true for the rows {@code action} takes out of the batch: none when no rule splits. */
    Column flag(OnFail action) {
        if (!splits) {
            return lit(false);
        }
        return col(action == OnFail.QUARANTINE ? BatchQuality.QUARANTINE_FLAG : BatchQuality.DROP_FLAG);
    }

    /** What each unique rule's own aggregation found, once {@link #flag} ran. */
    Map<RepeatedKeys, Repeats> repeats() {
        return repeats;
    }

    /** Per rule with a failed column, in declared order: its name where the row failed it, else NULL. */
    List<Column> failedRuleNames() {
        List<Column> names = new ArrayList<>();
        for (int i = 0; i < rowRules.size(); i++) {
            if (hasFailedColumn(rowRules.get(i))) {
                names.add(when(failed(rowRules.get(i)), lit(rowRules.get(i).displayName())));
            }
        }
        return names;
    }

    /** The columns {@link #flag} adds, which no written or quarantined row keeps. */
    String[] workingColumns() {
        List<String> columns = splits
                ? new ArrayList<>(List.of(BatchQuality.QUARANTINE_FLAG, BatchQuality.DROP_FLAG))
                : new ArrayList<>();
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

    /** Frees what {@link #flag} cached. */
    void release() {
        cached.forEach(Dataset::unpersist);
        cached.clear();
    }

    /**
     * True when the rule's outcome per row is a column of the flagged batch: when rows leave the batch (to quarantine or
     * drop them, or to name the rule among a quarantined row's failures), and for a references rule, whose join the
     * column reads. Otherwise nothing reads the outcome per row but the pass that counts it, which evaluates the rule
     * itself ({@link #failed}), so no column is carried to the write; a unique rule's repeated keys alone measure it.
     */
    private boolean hasFailedColumn(RuleSpec rule) {
        return rule.rule() == RuleType.REFERENCES || splits;
    }

    /** The rows a unique rule checks: those its {@code where} selects with at least one key column set. */
    private static Column keyed(RuleSpec rule) {
        return whereClause(rule.where()).and(not(RowRules.allNull(rule.targetColumns())));
    }

    /**
     * Measures unique rule {@code index} by the keys {@code rows} holds more than once and, when rows leave the batch,
     * joins them onto {@code flagged} as the count column {@code __strata_kc<i>} (NULL for every other row).
     */
    private Dataset<Row> flagDuplicates(Dataset<Row> flagged, Dataset<Row> rows, RuleSpec rule, int index) {
        List<String> keys = rule.targetColumns();
        String keyCount = KEY_COUNT_PREFIX + index;
        Dataset<Row> repeated = OneJob.in(
                rows.sparkSession(),
                () -> rows.filter(keyed(rule))
                        .groupBy(RowRules.columns(keys))
                        .agg(count(lit(1)).as(keyCount))
                        .filter(col(keyCount).gt(1))
                        .persist(StorageLevel.MEMORY_AND_DISK()));
        cached.add(repeated);
        // One job over the key columns (planned as one, OneJob) fills the cache; the counts and the join read it.
        // Σ c·ln c over the repeated keys is the whole sum for an entropy (a key seen once adds 1·ln 1 = 0).
        Row stats = OneJob.in(
                rows.sparkSession(),
                () -> repeated.agg(
                                coalesce(sum(col(keyCount)), lit(0L)),
                                count(lit(1)),
                                coalesce(sum(col(keyCount).multiply(log(col(keyCount)))), lit(0.0)))
                        .first());
        long repeatedKeys = stats.getLong(1);
        repeats.put(UniqueRule.repeated(rule), new Repeats(stats.getLong(0), repeatedKeys, stats.getDouble(2)));
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
}
