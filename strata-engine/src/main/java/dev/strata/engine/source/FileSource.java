package dev.strata.engine.source;

import static dev.strata.engine.sql.SqlSyntax.typeName;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.Messages;
import dev.strata.core.error.StrataException;
import dev.strata.core.spec.SourceSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Files read with Spark's own reader. Text formats (CSV, JSON) are read PERMISSIVE with a corrupt-record column, so a
 * record that does not fit the declared schema becomes a row with a reason instead of a crash or a silent NULL.
 */
public class FileSource implements Source {
    static final String CORRUPT = "_corrupt_record";

    private final String format;

    protected FileSource(String format) {
        this.format = format;
    }

    @Override
    public String format() {
        return format;
    }

    /** Whether the format is text whose records can be malformed. */
    protected boolean isText() {
        return false;
    }

    @Override
    public SourceRead read(SparkSession spark, SourceSpec spec, List<String> files) {
        StructType declared = declaredSchema(spec);
        DataFrameReader reader = spark.read().format(format).options(spec.options());
        boolean text = isText();
        if (declared != null) {
            reader = reader.schema(text ? declared.add(CORRUPT, DataTypes.StringType) : declared);
        }
        if (text) {
            reader = reader.option("mode", "PERMISSIVE").option("columnNameOfCorruptRecord", CORRUPT);
        }
        Dataset<Row> rows =
                reader.load(files.toArray(String[]::new)).withColumn(SourceRead.SOURCE_FILE, input_file_name());
        boolean hasCorrupt = Arrays.asList(rows.columns()).contains(CORRUPT);
        if (!hasCorrupt) {
            return SourceRead.wellFormed(rows);
        }
        StructType dataSchema = declared != null ? declared : without(rows.schema(), CORRUPT, SourceRead.SOURCE_FILE);
        return new SourceRead(
                rows.withColumnRenamed(CORRUPT, SourceRead.RAW_RECORD),
                malformed -> malformed.withColumn(SourceRead.MALFORMED_REASON, malformedReason(dataSchema, spec)));
    }

    private Column malformedReason(StructType dataSchema, SourceSpec spec) {
        Column raw = rawFields(col(SourceRead.RAW_RECORD), asText(dataSchema), spec);
        Column detail = fieldParseFailures(dataSchema, raw);
        Column fallback = lit(isJson() ? "malformed JSON record" : "record does not match the declared schema");
        return coalesce(when(detail.notEqual(lit("")), detail), fallback);
    }

    /** The schema with every field as text, to re-parse a raw record and see each field's raw value. */
    static StructType asText(StructType dataSchema) {
        StructType asText = new StructType();
        for (StructField field : dataSchema.fields()) {
            asText = asText.add(field.name(), DataTypes.StringType);
        }
        return asText;
    }

    /**
     * "{@code amount: cannot parse 'abc' as decimal(12,2)}" for each non-text field whose typed column is NULL while
     * its raw value is not, joined with "; "; empty when no field is to blame, NULL when the schema has no such field.
     */
    static Column fieldParseFailures(StructType dataSchema, Column rawFields) {
        List<Column> fieldReasons = new ArrayList<>();
        for (StructField field : dataSchema.fields()) {
            if (field.dataType().equals(DataTypes.StringType)) {
                continue;
            }
            Column rawValue = rawFields.getField(field.name());
            fieldReasons.add(when(
                    col(field.name()).isNull().and(rawValue.isNotNull()).and(rawValue.notEqual(lit(""))),
                    concat(
                            lit(field.name() + ": cannot parse '"),
                            rawValue,
                            lit("' as " + typeName(field.dataType())))));
        }
        return fieldReasons.isEmpty()
                ? lit(null).cast(DataTypes.StringType)
                : concat_ws("; ", fieldReasons.toArray(Column[]::new));
    }

    private boolean isJson() {
        return "json".equals(format);
    }

    /** Parses the raw record again with every field as text, to name the fields that failed. */
    protected Column rawFields(Column rawRecord, StructType asText, SourceSpec spec) {
        throw new UnsupportedOperationException(format + " has no raw-record parser");
    }

    static StructType declaredSchema(SourceSpec spec) {
        if (spec.schema() == null || spec.schema().isBlank()) {
            return null;
        }
        try {
            return StructType.fromDDL(spec.schema());
        } catch (RuntimeException e) {
            throw new StrataException(
                    ErrorCode.INVALID_SPEC,
                    "Cannot use schema '" + spec.schema() + "': " + Messages.firstLine(e)
                            + " (write a Spark DDL string such as \"id STRING, amount DECIMAL(12,2)\")");
        }
    }

    private static StructType without(StructType schema, String... names) {
        List<String> drop = Arrays.asList(names);
        StructType result = new StructType();
        for (StructField field : schema.fields()) {
            if (!drop.contains(field.name())) {
                result = result.add(field);
            }
        }
        return result;
    }

    /** CSV, with the raw line re-parsed by {@code from_csv}. */
    public static final class Csv extends FileSource {
        public Csv() {
            super("csv");
        }

        @Override
        protected boolean isText() {
            return true;
        }

        @Override
        protected Column rawFields(Column rawRecord, StructType asText, SourceSpec spec) {
            return org.apache.spark.sql.functions.from_csv(rawRecord, lit(asText.toDDL()), spec.options());
        }
    }

    /** JSON lines, or multi-line JSON with {@code options: {multiLine: "true"}}. */
    public static final class Json extends FileSource {
        public Json() {
            super("json");
        }

        @Override
        protected boolean isText() {
            return true;
        }

        @Override
        protected Column rawFields(Column rawRecord, StructType asText, SourceSpec spec) {
            return org.apache.spark.sql.functions.from_json(rawRecord, asText, spec.options());
        }
    }

    public static final class Parquet extends FileSource {
        public Parquet() {
            super("parquet");
        }
    }

    public static final class Orc extends FileSource {
        public Orc() {
            super("orc");
        }
    }
}
