package dev.strata.engine.sink;

import static dev.strata.engine.sink.StructTypes.find;
import static dev.strata.engine.sql.SqlSyntax.literal;
import static dev.strata.engine.sql.SqlSyntax.quote;
import static org.apache.spark.sql.functions.col;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.core.spec.WriteMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Plain files (Parquet, ORC, JSON, CSV) without a table format: append and overwrite only, each batch committed by one
 * directory rename. This is a commit protocol of its own, beside {@link TableSink}'s: plain files have no transaction
 * log to hold a commit id, a version or an update, so the batch folders are the log ({@link FileTableFolder} lays them
 * out, {@link FileBatchTag} names them, {@link FileTableSchema} keeps the schema).
 *
 * <p>A batch is committed when its folder exists (or a later batch of the same writer's does), so a retry writes
 * nothing. The rename is atomic on local disks, HDFS and ABFS (hierarchical namespace); <b>on S3 it is a copy of every
 * file followed by a delete</b>, so a reader can see part of a batch while it is committed, and a crash during it leaves
 * a partial batch folder that counts as committed. Use a table format on S3 when that matters.
 *
 * <p>{@code overwrite} commits its batch, then deletes what it replaces: without {@code partition_by}, every other
 * batch's files; with it, only the partitions present in the batch (dynamic partition overwrite). The replaced folders
 * are emptied, not removed, so that they still record their batch as committed. Until the deletes finish, a reader sees
 * the old rows as well as the new ones; a crash in between is completed by the next write of the table. Because the new
 * batch is written before anything is deleted, an overwrite may read the table it replaces.
 *
 * <p>The {@link WriteResult#version() version} of a table is its number of batch folders, the emptied ones included: it
 * grows by one with every committed batch. The partitioning is fixed by the first write. A dataset's {@code options}
 * reach Spark's writer, except the ones that fix the encoding ({@link Json} and {@link Csv} set them, so that the read
 * sees what was written).
 */
public abstract sealed class FileSink implements Sink {
    /** The partition column that names each batch's folder; {@link #read} drops it. */
    public static final String BATCH_COLUMN = "_strata_batch";

    /** The namespace of the catalog tables behind the {@code layer.name} views (see {@link #register}). */
    static final String CATALOG_NAMESPACE = "_strata_files";

    /** Microseconds and the offset, so a timestamp written as text reads back as the same instant. */
    private static final String TIMESTAMP_FORMAT = "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX";

    private static final String TIMESTAMP_NTZ_FORMAT = "yyyy-MM-dd'T'HH:mm:ss.SSSSSS";

    private final String format;
    private final Map<String, String> writeOptions;
    private final Map<String, String> readOptions;

    private FileSink(String format, Map<String, String> encoding, Map<String, String> readOnly) {
        this.format = format;
        this.writeOptions = Map.copyOf(encoding);
        Map<String, String> read = new java.util.HashMap<>(encoding);
        read.putAll(readOnly);
        this.readOptions = Map.copyOf(read);
    }

    /** Apache Parquet files. */
    public static final class Parquet extends FileSink {
        public Parquet() {
            super("parquet", Map.of(), Map.of());
        }
    }

    /** Apache ORC files. */
    public static final class Orc extends FileSink {
        public Orc() {
            super("orc", Map.of(), Map.of());
        }
    }

    /** JSON Lines files. */
    public static final class Json extends FileSink {
        public Json() {
            super(
                    "json",
                    Map.of("timestampFormat", TIMESTAMP_FORMAT, "timestampNTZFormat", TIMESTAMP_NTZ_FORMAT),
                    Map.of());
        }
    }

    /**
     * CSV files with a header line. Quotes are escaped by doubling them and no white space is trimmed, so every string
     * reads back as written. NULL is written as nothing and an empty string as {@code ""}; Spark would read both as
     * NULL, its null marker being the empty string, so reads take NUL as the marker instead: only a string that is
     * exactly one NUL character reads back as NULL. Nested columns are refused.
     */
    public static final class Csv extends FileSink {
        public Csv() {
            super(
                    "csv",
                    Map.of(
                            "header", "true",
                            "escape", "\"",
                            "multiLine", "true",
                            "ignoreLeadingWhiteSpace", "false",
                            "ignoreTrailingWhiteSpace", "false",
                            "timestampFormat", TIMESTAMP_FORMAT,
                            "timestampNTZFormat", TIMESTAMP_NTZ_FORMAT),
                    Map.of("nullValue", "\u0000"));
        }

        @Override
        void checkColumns(StructType columns, WriteRequest request) {
            List<String> nested = new ArrayList<>();
            for (StructField field : columns.fields()) {
                if (field.dataType() instanceof StructType
                        || field.dataType() instanceof ArrayType
                        || field.dataType() instanceof MapType) {
                    nested.add(field.name() + " " + field.dataType().simpleString());
                }
            }
            if (!nested.isEmpty()) {
                throw new StrataException(
                        ErrorCode.UNSUPPORTED,
                        "Cannot write " + request.name() + " as csv: CSV cannot hold the nested columns "
                                + String.join(", ", nested)
                                + " (use format: json, parquet or orc, or turn them into strings, e.g. with to_json)");
            }
        }
    }

    @Override
    public final String format() {
        return format;
    }

    /** Refuses columns the format cannot store. */
    void checkColumns(StructType columns, WriteRequest request) {}

    @Override
    public final WriteResult write(Dataset<Row> rows, WriteRequest request) {
        WriteMode mode = request.write().mode();
        if (mode != WriteMode.APPEND && mode != WriteMode.OVERWRITE) {
            throw new StrataException(
                    ErrorCode.UNSUPPORTED,
                    "Cannot " + mode.id() + " into " + request.name() + ": format " + format
                            + " writes plain files that cannot update or delete rows (use format: delta, iceberg or"
                            + " hudi, or mode: append or overwrite)");
        }
        if (find(rows.schema(), BATCH_COLUMN) != null) {
            throw new StrataException(
                    ErrorCode.INVALID_SPEC,
                    "Cannot write " + request.name() + ": column " + BATCH_COLUMN + " is reserved, format " + format
                            + " names each batch's folder with it (rename the column)");
        }
        FileTableFolder folder = new FileTableFolder(rows.sparkSession(), request.table());
        String tag = FileBatchTag.of(request.commit());
        folder.finishOverwrite();
        if (folder.committed(request.commit())) {
            return new WriteResult(folder.batchFolders().size(), true, List.of());
        }
        FileTableSchema current = folder.exists() ? folder.requireSchema("write " + request.name()) : null;
        List<String> partitionBy = request.write().partitionBy();
        if (current != null && !lower(current.partitionBy()).equals(lower(partitionBy))) {
            throw new StrataException(
                    ErrorCode.UNSUPPORTED,
                    "Cannot write " + request.name() + ": its files are partitioned by " + current.partitionBy()
                            + " and write.partition_by is " + partitionBy + " (a " + format
                            + " table keeps the partitioning of its first write; restore partition_by, or delete "
                            + folder.root + " to rebuild the table)");
        }
        SchemaAlignment.Aligned aligned = SchemaAlignment.align(
                rows,
                current == null ? null : current.columns(),
                request.name(),
                request.schemaEvolution(),
                mode,
                Set.of());
        FileTableSchema next = FileTableSchema.of(aligned.rows().schema(), current, partitionBy);
        checkColumns(next.columns(), request);

        Path staging = folder.staging(tag);
        folder.delete(staging);
        DataFrameWriter<Row> writer = next.conform(aligned.rows())
                .write()
                .format(format)
                .mode(SaveMode.ErrorIfExists)
                .options(request.write().options())
                .options(writeOptions);
        if (!partitionBy.isEmpty()) {
            writer = writer.partitionBy(next.partitionBy().toArray(String[]::new));
        }
        writer.save(staging.toString());
        if (!next.equals(current)) {
            folder.writeSchema(next);
        }
        if (mode == WriteMode.OVERWRITE) {
            folder.markOverwrite(tag);
        }
        folder.commit(tag, request.name());
        if (mode == WriteMode.OVERWRITE) {
            folder.finishOverwrite();
        }
        return new WriteResult(folder.batchFolders().size(), false, aligned.changes());
    }

    @Override
    public boolean exists(SparkSession spark, TableRef table) {
        return new FileTableFolder(spark, table).exists();
    }

    @Override
    public Dataset<Row> read(SparkSession spark, TableRef table) {
        FileTableFolder folder = new FileTableFolder(spark, table);
        FileTableSchema schema = folder.schema();
        DataFrameReader reader = spark.read().format(format).options(readOptions);
        if (schema == null) {
            // A folder strata did not write: Spark infers what it can.
            return reader.option("inferSchema", "true")
                    .load(folder.root.toString())
                    .drop(BATCH_COLUMN);
        }
        Column[] columns = java.util.Arrays.stream(schema.columns().fieldNames())
                .map(c -> col(quote(c)))
                .toArray(Column[]::new);
        return reader.schema(schema.columns().add(BATCH_COLUMN, DataTypes.StringType))
                .load(folder.root.toString())
                .select(columns);
    }

    /**
     * Makes {@code layer.name} resolve in SQL to what {@link #read} returns: a catalog table over the location, typed by
     * the schema file and partitioned by {@value #BATCH_COLUMN} and {@code partition_by}, lives in
     * {@value #CATALOG_NAMESPACE}, and {@code layer.name} is a view over its columns without the batch column
     * ({@link HiddenCatalogTable}). The partitions are recovered, so the view sees the current schema and batches.
     */
    @Override
    public void register(SparkSession spark, TableRef table) {
        FileTableFolder folder = new FileTableFolder(spark, table);
        FileTableSchema schema = folder.requireSchema("register " + table.name());
        List<String> partitions = new ArrayList<>();
        partitions.add(quote(BATCH_COLUMN));
        schema.partitionBy().forEach(p -> partitions.add(quote(p)));
        String options = readOptions.isEmpty()
                ? ""
                : readOptions.entrySet().stream()
                        .sorted(Map.Entry.comparingByKey())
                        .map(e -> literal(e.getKey()) + " = " + literal(e.getValue()))
                        .collect(Collectors.joining(", ", " OPTIONS (", ")"));
        // Spark wants the partition columns last, in the order of PARTITIONED BY.
        List<StructField> ordered = new ArrayList<>();
        for (StructField field : schema.columns().fields()) {
            if (!schema.partitionBy().contains(field.name())) {
                ordered.add(field);
            }
        }
        ordered.add(new StructField(BATCH_COLUMN, DataTypes.StringType, true, Metadata.empty()));
        schema.partitionBy().forEach(p -> ordered.add(find(schema.columns(), p)));
        String definition = "(" + new StructType(ordered.toArray(StructField[]::new)).toDDL() + ") USING " + format
                + options + " PARTITIONED BY (" + String.join(", ", partitions) + ") LOCATION "
                + literal(folder.root.toString());
        new HiddenCatalogTable(CATALOG_NAMESPACE, table)
                .register(spark, definition, true, schema.columns().fieldNames());
    }

    private static List<String> lower(List<String> names) {
        return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
    }
}
