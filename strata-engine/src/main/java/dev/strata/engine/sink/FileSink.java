package dev.strata.engine.sink;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.core.spec.WriteMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.fs.UnsupportedFileSystemException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Plain files (Parquet, ORC, JSON, CSV) without a table format: append and overwrite only, each batch committed by one
 * directory rename.
 *
 * <p>Layout of a table at {@code <location>}:
 *
 * <ul>
 *   <li>{@code _strata_batch=<tag>/} holds one committed batch, partitioned inside by {@code partition_by}
 *       ({@code _strata_batch=<tag>/day=d1/part-...}). It is a Hive-style partition, so Spark and other readers see the
 *       batches as one table with a {@code _strata_batch} column, which {@link #read} drops. The tag is the batch's
 *       {@link CommitId} made safe for a path ({@link #tag}).
 *   <li>{@code _staging/<tag>/} is where a batch is written first; renaming it to its batch folder is the commit. A
 *       staging folder left by a crash is deleted when the batch is retried. Spark skips {@code _}-prefixed folders.
 *   <li>{@code _strata_schema.json} is the table's Spark schema (partition columns marked in their metadata), written
 *       before the first batch and replaced, by an atomic rename, when {@code add_columns} widens it. Reads use it, so
 *       JSON and CSV give back exactly the types written, and CSV files, which are read by position, stay aligned: a
 *       new column is always added last.
 *   <li>{@code _strata_overwrite} names an overwrite batch whose replaced files are still being deleted.
 * </ul>
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

    static final String STAGING_DIR = "_staging";
    static final String SCHEMA_FILE = "_strata_schema.json";
    static final String OVERWRITE_MARKER = "_strata_overwrite";
    /** The namespace of the catalog tables behind the {@code layer.name} views (see {@link #register}). */
    static final String CATALOG_NAMESPACE = "_strata_files";

    private static final String BATCH_PREFIX = BATCH_COLUMN + "=";
    /** Field metadata of a partition column in {@value #SCHEMA_FILE}: its position in {@code partition_by}. */
    private static final String PARTITION_INDEX = "strata.partition_index";
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

    /** The batch folder name's value for a commit: its writer, escaped for a path, a dash and its version. */
    static String tag(CommitId commit) {
        return writer(commit.appId()) + "-" + commit.version();
    }

    /** A writer's id with every byte but ASCII letters, digits, '-' and '.' escaped as {@code _xx}. */
    private static String writer(String appId) {
        StringBuilder tag = new StringBuilder();
        for (byte b : appId.getBytes(UTF_8)) {
            char c = (char) (b & 0xff);
            boolean safe = c < 0x80 && (Character.isLetterOrDigit(c) || c == '-' || c == '.');
            if (safe) {
                tag.append(c);
            } else {
                // '_' only ever starts an escape, so distinct writers never share a tag.
                tag.append('_').append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
        }
        return tag.toString();
    }

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
        Layout layout = new Layout(rows.sparkSession(), request.table());
        String tag = tag(request.commit());
        layout.finishOverwrite();
        if (layout.committed(request.commit())) {
            return new WriteResult(layout.batchFolders().size(), true, List.of());
        }
        TableSchema current = layout.exists() ? layout.requireSchema("write " + request.name()) : null;
        List<String> partitionBy = request.write().partitionBy();
        if (current != null && !lower(current.partitionBy()).equals(lower(partitionBy))) {
            throw new StrataException(
                    ErrorCode.UNSUPPORTED,
                    "Cannot write " + request.name() + ": its files are partitioned by " + current.partitionBy()
                            + " and write.partition_by is " + partitionBy + " (a " + format
                            + " table keeps the partitioning of its first write; restore partition_by, or delete "
                            + layout.root + " to rebuild the table)");
        }
        SchemaAlignment.Aligned aligned = SchemaAlignment.align(
                rows,
                current == null ? null : current.columns(),
                request.name(),
                request.schemaEvolution(),
                mode,
                Set.of());
        StructType batchSchema = (StructType) nullable(aligned.rows().schema());
        StructType columns = current == null ? batchSchema : (StructType) widen(current.columns(), batchSchema);
        checkColumns(columns, request);
        TableSchema next = new TableSchema(columns, partitionNames(columns, partitionBy));

        Path staging = layout.staging(tag);
        layout.delete(staging);
        DataFrameWriter<Row> writer = conform(aligned.rows(), columns)
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
            layout.writeSchema(next);
        }
        if (mode == WriteMode.OVERWRITE) {
            layout.markOverwrite(tag);
        }
        layout.commit(tag, request.name());
        if (mode == WriteMode.OVERWRITE) {
            layout.finishOverwrite();
        }
        return new WriteResult(layout.batchFolders().size(), false, aligned.changes());
    }

    @Override
    public boolean exists(SparkSession spark, TableRef table) {
        return new Layout(spark, table).exists();
    }

    @Override
    public Dataset<Row> read(SparkSession spark, TableRef table) {
        Layout layout = new Layout(spark, table);
        TableSchema schema = layout.schema();
        DataFrameReader reader = spark.read().format(format).options(readOptions);
        if (schema == null) {
            // A folder strata did not write: Spark infers what it can.
            return reader.option("inferSchema", "true")
                    .load(layout.root.toString())
                    .drop(BATCH_COLUMN);
        }
        Column[] columns = java.util.Arrays.stream(schema.columns().fieldNames())
                .map(c -> col(quote(c)))
                .toArray(Column[]::new);
        return reader.schema(schema.columns().add(BATCH_COLUMN, DataTypes.StringType))
                .load(layout.root.toString())
                .select(columns);
    }

    /**
     * Makes {@code layer.name} resolve in SQL to what {@link #read} returns: a catalog table over the location, typed by
     * {@value #SCHEMA_FILE} and partitioned by {@value #BATCH_COLUMN} and {@code partition_by}, lives in
     * {@value #CATALOG_NAMESPACE}, and {@code layer.name} is a view over its columns without the batch column. Both are
     * recreated and the partitions recovered, so the view sees the current schema and batches.
     */
    @Override
    public void register(SparkSession spark, TableRef table) {
        Layout layout = new Layout(spark, table);
        TableSchema schema = layout.requireSchema("register " + table.name());
        String layer = quote(table.name().layer());
        String view = layer + "." + quote(table.name().name());
        String hidden = quote(CATALOG_NAMESPACE) + "."
                + quote(table.name().layer() + "__" + table.name().name());
        List<String> partitions = new ArrayList<>();
        partitions.add(quote(BATCH_COLUMN));
        schema.partitionBy().forEach(p -> partitions.add(quote(p)));
        String options = readOptions.isEmpty()
                ? ""
                : readOptions.entrySet().stream()
                        .sorted(Map.Entry.comparingByKey())
                        .map(e -> literal(e.getKey()) + " = " + literal(e.getValue()))
                        .collect(Collectors.joining(", ", " OPTIONS (", ")"));
        spark.sql("CREATE NAMESPACE IF NOT EXISTS " + quote(CATALOG_NAMESPACE));
        spark.sql("CREATE NAMESPACE IF NOT EXISTS " + layer);
        spark.sql("DROP TABLE IF EXISTS " + hidden);
        // Spark wants the partition columns last, in the order of PARTITIONED BY.
        List<StructField> ordered = new ArrayList<>();
        for (StructField field : schema.columns().fields()) {
            if (!schema.partitionBy().contains(field.name())) {
                ordered.add(field);
            }
        }
        ordered.add(new StructField(BATCH_COLUMN, DataTypes.StringType, true, Metadata.empty()));
        schema.partitionBy().forEach(p -> ordered.add(find(schema.columns(), p)));
        spark.sql("CREATE TABLE " + hidden + " (" + new StructType(ordered.toArray(StructField[]::new)).toDDL()
                + ") USING " + format + options
                + " PARTITIONED BY (" + String.join(", ", partitions) + ") LOCATION "
                + literal(layout.root.toString()));
        spark.sql("ALTER TABLE " + hidden + " RECOVER PARTITIONS");
        Sink.dropRegistration(spark, table);
        String columns = java.util.Arrays.stream(schema.columns().fieldNames())
                .map(FileSink::quote)
                .collect(Collectors.joining(", "));
        spark.sql("CREATE VIEW " + view + " AS SELECT " + columns + " FROM " + hidden);
    }

    /** The table's columns, all nullable, and its partition columns in order. */
    private record TableSchema(StructType columns, List<String> partitionBy) {
        String json() {
            List<StructField> fields = new ArrayList<>();
            for (StructField field : columns.fields()) {
                int index = partitionBy.indexOf(field.name());
                Metadata metadata = index < 0
                        ? Metadata.empty()
                        : new MetadataBuilder().putLong(PARTITION_INDEX, index).build();
                fields.add(new StructField(field.name(), field.dataType(), true, metadata));
            }
            return new StructType(fields.toArray(StructField[]::new)).json();
        }

        static TableSchema parse(String json) {
            StructType stored = (StructType) DataType.fromJson(json);
            List<StructField> partitions = new ArrayList<>();
            for (StructField field : stored.fields()) {
                if (field.metadata().contains(PARTITION_INDEX)) {
                    partitions.add(field);
                }
            }
            partitions.sort(Comparator.comparingLong(f -> f.metadata().getLong(PARTITION_INDEX)));
            return new TableSchema(
                    (StructType) nullable(stored),
                    partitions.stream().map(StructField::name).toList());
        }
    }

    /** The folders and files of one table, on its Hadoop file system. */
    private static final class Layout {
        final Path root;
        final FileSystem fs;
        final Configuration conf;

        Layout(SparkSession spark, TableRef table) {
            this.conf = spark.sparkContext().hadoopConfiguration();
            try {
                Path location = new Path(table.location());
                this.fs = location.getFileSystem(conf);
                this.root = fs.makeQualified(location);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Path staging(String tag) {
            return new Path(new Path(root, STAGING_DIR), tag);
        }

        Path batch(String tag) {
            return new Path(root, BATCH_PREFIX + tag);
        }

        boolean exists() {
            return !batchFolders().isEmpty();
        }

        List<FileStatus> batchFolders() {
            try {
                if (!fs.exists(root)) {
                    return List.of();
                }
                return List.of(fs.listStatus(root, p -> p.getName().startsWith(BATCH_PREFIX))).stream()
                        .filter(FileStatus::isDirectory)
                        .toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** True when the commit's batch folder, or one of a later batch of the same writer, exists. */
        boolean committed(CommitId commit) {
            String prefix = BATCH_PREFIX + writer(commit.appId()) + "-";
            for (FileStatus folder : batchFolders()) {
                String name = folder.getPath().getName();
                if (name.startsWith(prefix)
                        && commit.coveredBy(commit.appId(), version(name.substring(prefix.length())))) {
                    return true;
                }
            }
            return false;
        }

        /** A batch folder's version, or -1 when the text is not one (another writer's tag with a dash, say). */
        private static long version(String text) {
            if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return -1;
            }
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        TableSchema schema() {
            Path file = new Path(root, SCHEMA_FILE);
            try {
                if (!fs.exists(file)) {
                    return null;
                }
                try (InputStream in = fs.open(file)) {
                    return TableSchema.parse(new String(in.readAllBytes(), UTF_8));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        TableSchema requireSchema(String action) {
            TableSchema schema = schema();
            if (schema == null) {
                throw new StrataException(
                        ErrorCode.DATASET_FAILED,
                        "Cannot " + action + ": " + root + " holds batches but no " + SCHEMA_FILE
                                + " (the file was removed, or strata did not write this folder; restore the file, or"
                                + " delete the folder to rebuild the table)");
            }
            return schema;
        }

        /** Replaces the schema file in one rename, so a reader never sees it half written. */
        void writeSchema(TableSchema schema) {
            Path file = new Path(root, SCHEMA_FILE);
            Path temporary = new Path(root, SCHEMA_FILE + ".tmp");
            try {
                writeText(temporary, schema.json());
                try {
                    FileContext.getFileContext(root.toUri(), conf).rename(temporary, file, Options.Rename.OVERWRITE);
                } catch (UnsupportedFileSystemException e) {
                    // No AbstractFileSystem for the scheme: replace in two steps.
                    fs.delete(file, false);
                    rename(temporary, file);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void markOverwrite(String tag) {
            try {
                writeText(new Path(root, OVERWRITE_MARKER), tag);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Renames the staging folder to the batch folder: the commit. */
        void commit(String tag, String name) {
            Path batch = batch(tag);
            try {
                if (fs.exists(batch)) {
                    throw new StrataException(
                            ErrorCode.CONFLICT,
                            "Cannot commit " + name + ": batch folder " + batch + " appeared while the batch was"
                                    + " written (another writer commits the same batch; run one writer per table)");
                }
                rename(staging(tag), batch);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * Deletes what the overwrite named by {@value #OVERWRITE_MARKER} replaces, if its batch is committed, then the
         * marker. Every write calls this first, so nothing is committed between an overwrite and its deletes.
         */
        void finishOverwrite() {
            Path marker = new Path(root, OVERWRITE_MARKER);
            try {
                if (!fs.exists(marker)) {
                    return;
                }
                String tag;
                try (InputStream in = fs.open(marker)) {
                    tag = new String(in.readAllBytes(), UTF_8).strip();
                }
                Path batch = fs.makeQualified(batch(tag));
                if (fs.exists(batch)) {
                    TableSchema schema = schema();
                    boolean partitioned =
                            schema != null && !schema.partitionBy().isEmpty();
                    Set<List<String>> partitions = partitioned ? partitions(batch) : Set.of();
                    for (FileStatus other : batchFolders()) {
                        if (other.getPath().equals(batch)) {
                            continue;
                        }
                        if (partitioned) {
                            for (List<String> partition : partitions) {
                                Path target = other.getPath();
                                for (String part : partition) {
                                    target = new Path(target, part);
                                }
                                delete(target);
                            }
                        } else {
                            for (FileStatus child : fs.listStatus(other.getPath())) {
                                delete(child.getPath());
                            }
                        }
                    }
                }
                fs.delete(marker, false);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The partition folders holding a batch's data files, each as its path below the batch folder. */
        private Set<List<String>> partitions(Path batch) throws IOException {
            Set<List<String>> partitions = new LinkedHashSet<>();
            RemoteIterator<LocatedFileStatus> files = fs.listFiles(batch, true);
            while (files.hasNext()) {
                Path file = files.next().getPath();
                if (file.getName().startsWith("_") || file.getName().startsWith(".")) {
                    continue;
                }
                List<String> partition = new ArrayList<>();
                for (Path dir = file.getParent(); dir != null && !dir.equals(batch); dir = dir.getParent()) {
                    partition.add(0, dir.getName());
                }
                partitions.add(List.copyOf(partition));
            }
            return partitions;
        }

        void delete(Path path) {
            try {
                fs.delete(path, true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void rename(Path from, Path to) throws IOException {
            if (!fs.rename(from, to)) {
                throw new IOException("Cannot rename " + from + " to " + to + ": the file system refused");
            }
        }

        private void writeText(Path file, String text) throws IOException {
            try (OutputStream out = fs.create(file, true)) {
                out.write(text.getBytes(UTF_8));
            }
        }
    }

    /** The partition columns as the table's columns spell them. */
    private static List<String> partitionNames(StructType columns, List<String> partitionBy) {
        return partitionBy.stream()
                .map(p -> {
                    StructField field = find(columns, p);
                    return field == null ? p : field.name();
                })
                .toList();
    }

    /** The table's columns, widened by the new ones of the batch (nested fields included), which come last. */
    private static DataType widen(DataType table, DataType batch) {
        if (!(table instanceof StructType tableStruct) || !(batch instanceof StructType batchStruct)) {
            // Alignment has cast the batch to the table's type.
            return table;
        }
        List<StructField> fields = new ArrayList<>();
        for (StructField field : tableStruct.fields()) {
            StructField incoming = find(batchStruct, field.name());
            fields.add(
                    incoming == null
                            ? field
                            : new StructField(
                                    field.name(),
                                    widen(field.dataType(), incoming.dataType()),
                                    true,
                                    Metadata.empty()));
        }
        for (StructField field : batchStruct.fields()) {
            if (find(tableStruct, field.name()) == null) {
                fields.add(field);
            }
        }
        return new StructType(fields.toArray(StructField[]::new));
    }

    /** The batch with exactly the table's columns, in its order; struct fields are matched by name. */
    private static Dataset<Row> conform(Dataset<Row> batch, StructType columns) {
        List<Column> projection = new ArrayList<>();
        for (StructField field : columns.fields()) {
            StructField incoming = find(batch.schema(), field.name());
            projection.add(
                    incoming == null
                            ? lit(null).cast(field.dataType()).as(field.name())
                            : conform(col(quote(incoming.name())), incoming.dataType(), field.dataType())
                                    .as(field.name()));
        }
        return batch.select(projection.toArray(Column[]::new));
    }

    private static Column conform(Column value, DataType from, DataType to) {
        if (sql(from).equals(sql(to))) {
            return value;
        }
        if (from instanceof StructType fromStruct && to instanceof StructType toStruct) {
            List<Column> fields = new ArrayList<>();
            for (StructField field : toStruct.fields()) {
                StructField incoming = find(fromStruct, field.name());
                fields.add(
                        incoming == null
                                ? lit(null).cast(field.dataType()).as(field.name())
                                : conform(value.getField(incoming.name()), incoming.dataType(), field.dataType())
                                        .as(field.name()));
            }
            return when(value.isNull(), lit(null).cast(to)).otherwise(struct(fields.toArray(Column[]::new)));
        }
        return value.cast(to);
    }

    /** The type with every field, element and value nullable and no field metadata, as files read back. */
    private static DataType nullable(DataType type) {
        if (type instanceof StructType struct) {
            List<StructField> fields = new ArrayList<>();
            for (StructField field : struct.fields()) {
                fields.add(new StructField(field.name(), nullable(field.dataType()), true, Metadata.empty()));
            }
            return new StructType(fields.toArray(StructField[]::new));
        }
        if (type instanceof ArrayType array) {
            return DataTypes.createArrayType(nullable(array.elementType()), true);
        }
        if (type instanceof MapType map) {
            return DataTypes.createMapType(nullable(map.keyType()), nullable(map.valueType()), true);
        }
        return type;
    }

    private static StructField find(StructType schema, String name) {
        for (StructField field : schema.fields()) {
            if (field.name().equalsIgnoreCase(name)) {
                return field;
            }
        }
        return null;
    }

    private static List<String> lower(List<String> names) {
        return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
    }

    private static String sql(DataType type) {
        return type.sql().toLowerCase(Locale.ROOT);
    }

    private static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    /** A SQL string literal; control characters as {@code \\uXXXX} escapes. */
    private static String literal(String text) {
        StringBuilder literal = new StringBuilder("'");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' || c == '\'') {
                literal.append('\\').append(c);
            } else if (c < 0x20) {
                literal.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                literal.append(c);
            }
        }
        return literal.append('\'').toString();
    }
}
