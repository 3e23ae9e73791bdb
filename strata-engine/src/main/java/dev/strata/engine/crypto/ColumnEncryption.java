package dev.strata.engine.crypto;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.udf;

import dev.strata.core.crypto.ColumnCipher;
import dev.strata.core.crypto.KeyMaterial;
import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.core.spec.EncryptSpec;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.spec.Suggestions;
import dev.strata.core.validate.PipelineProblems;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructType;

/**
 * A dataset's {@code encrypt:} applied to its rows: each listed column becomes base64 text of its Tink ciphertext
 * (AES-SIV when deterministic, else AES-GCM), with {@code <layer>.<name>.<column>} as associated data. It adds one
 * projection on top of the batch's plan, so it runs in the pass that writes the batch. Its quarantine rows are
 * encrypted the same way, and so is the raw text of a malformed record; the reason of a malformed record names an
 * encrypted field's value no more.
 */
public final class ColumnEncryption {
    /** The raw text of a malformed source record, as the quarantine table keeps it. */
    public static final String RAW_RECORD = "_raw_record";

    private static final String REASON = "_reason";

    private final Pipeline pipeline;
    private final String dataset;
    private final EncryptSpec spec;
    private final KeyMaterial key;

    ColumnEncryption(Pipeline pipeline, String dataset, EncryptSpec spec, KeyMaterial key) {
        this.pipeline = pipeline;
        this.dataset = dataset;
        this.spec = spec;
        this.key = key;
    }

    public String dataset() {
        return dataset;
    }

    public List<String> columns() {
        return spec.columns();
    }

    public boolean deterministic() {
        return Boolean.TRUE.equals(spec.deterministic());
    }

    /**
     * The rows with every listed column encrypted. A column the rows lack, or of a type that has no text form, fails
     * with the place in the pipeline file; a disabled key refuses.
     */
    public Dataset<Row> encrypt(Dataset<Row> rows) {
        key.checkEnabled();
        StructType schema = rows.schema();
        List<String> names = Arrays.asList(schema.fieldNames());
        for (int i = 0; i < spec.columns().size(); i++) {
            String column = spec.columns().get(i);
            if (!names.contains(column)) {
                throw located(
                        i,
                        "Cannot encrypt " + dataset + "." + column + ": the dataset has no such column",
                        Suggestions.didYouMean(column, names, false)
                                .orElse("its columns: " + String.join(", ", names)));
            }
            DataType type = schema.apply(column).dataType();
            if (type instanceof StructType
                    || type instanceof ArrayType
                    || type instanceof MapType
                    || type instanceof BinaryType) {
                throw located(
                        i,
                        "Cannot encrypt " + dataset + "." + column + ": its type " + type.simpleString()
                                + " has no text form to encrypt",
                        "turn it into text first, e.g. derive: {" + column + ": \"to_json(" + column + ")\"}");
            }
        }
        Dataset<Row> encrypted = rows;
        for (String column : spec.columns()) {
            encrypted = encrypted.withColumn(column, encrypted(column, column));
        }
        return encrypted;
    }

    /**
     * The quarantine rows of this dataset encrypted as its table's: the listed columns they have, the raw text of a
     * malformed record, and a malformed record's reason without the values of encrypted fields.
     */
    public Dataset<Row> encryptQuarantine(Dataset<Row> rows) {
        key.checkEnabled();
        List<String> names = Arrays.asList(rows.schema().fieldNames());
        Dataset<Row> encrypted = rows;
        for (String column : spec.columns()) {
            if (names.contains(column)) {
                encrypted = encrypted.withColumn(column, encrypted(column, column));
            }
        }
        if (names.contains(RAW_RECORD)) {
            encrypted = encrypted.withColumn(RAW_RECORD, encrypted(RAW_RECORD, RAW_RECORD));
        }
        if (names.contains(REASON)) {
            Column reason = col(REASON);
            for (String column : spec.columns()) {
                // "amount: cannot parse 'abc' as decimal(12,2)" names the raw value; greedy, so a value that looks
                // like a reason itself is hidden too.
                reason = regexp_replace(
                        reason,
                        "(^|; )" + Pattern.quote(column) + ": cannot parse '.*' as ",
                        "$1" + column.replace("$", "\\$") + ": cannot parse (encrypted value) as ");
            }
            encrypted = encrypted.withColumn(REASON, reason);
        }
        return encrypted;
    }

    private Column encrypted(String column, String contextColumn) {
        UserDefinedFunction function = udf(
                new EncryptFunction(
                        key.keyset(deterministic()), deterministic(), ColumnCipher.context(dataset, contextColumn)),
                DataTypes.StringType);
        if (!deterministic()) {
            function = function.asNondeterministic();
        }
        return function.apply(col(quoted(column)).cast(DataTypes.StringType)).as(column);
    }

    private static String quoted(String column) {
        return "`" + column.replace("`", "``") + "`";
    }

    private StrataException located(int index, String message, String hint) {
        String where = PipelineProblems.error(
                        pipeline, List.of("datasets", dataset, "encrypt", "columns", index), message, hint)
                .toString();
        return new StrataException(ErrorCode.DATASET_FAILED, where);
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "encrypt %s of %s with key %s (%s)",
                spec.columns(),
                dataset,
                key.name(),
                deterministic() ? "AES-SIV" : "AES-GCM");
    }
}
