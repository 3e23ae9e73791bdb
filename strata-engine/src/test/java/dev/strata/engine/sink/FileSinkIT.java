package dev.strata.engine.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.core.spec.DatasetName;
import dev.strata.core.spec.SchemaEvolution;
import dev.strata.core.spec.StorageSpec;
import dev.strata.core.spec.TableFormat;
import dev.strata.core.spec.WriteMode;
import dev.strata.core.spec.WriteSpec;
import dev.strata.engine.SharedSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Plain-file tables: batches committed by rename, exactly once, overwrite, schema file and SQL registration. */
class FileSinkIT {
    private static final AtomicInteger TABLES = new AtomicInteger();
    private static final Instant T1 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    static Path root;

    private final SparkSession spark = SharedSpark.session();

    static Stream<String> formats() {
        return Stream.of("parquet", "orc", "json", "csv");
    }

    static Stream<String> nestedFormats() {
        return Stream.of("parquet", "orc", "json");
    }

    private static final String COLUMNS = "AS t(id, name, price, ratio, day, at, flag, big)";
    /** Values a text format could get wrong: padding, quotes, commas, a line break, "" versus NULL, microseconds. */
    private static final String FIRST = "SELECT * FROM VALUES"
            + " (1, ' padded ', CAST(1.25 AS DECIMAL(10,2)), 0.1D, DATE'2026-01-31',"
            + " TIMESTAMP'2026-01-01 12:34:56.123456', true, 9000000000L),"
            + " (2, 'say \"hi\", then\\nbye', CAST(-3.50 AS DECIMAL(10,2)), CAST(NULL AS DOUBLE), CAST(NULL AS DATE),"
            + " TIMESTAMP'1999-12-31 23:59:59.000001', false, -1L) "
            + COLUMNS;

    private static final String SECOND = "SELECT * FROM VALUES"
            + " (3, '', CAST(NULL AS DECIMAL(10,2)), 1.5E300D, DATE'1970-01-01', CAST(NULL AS TIMESTAMP),"
            + " CAST(NULL AS BOOLEAN), CAST(NULL AS BIGINT)),"
            + " (4, CAST(NULL AS STRING), CAST(0 AS DECIMAL(10,2)), -0.25D, DATE'2000-02-29',"
            + " TIMESTAMP'2026-06-30 00:00:00', true, 0L) "
            + COLUMNS;
    private static final String THREE =
            "SELECT * FROM VALUES (1, 'a', 10L), (2, 'b', 20L), (3, 'c', 30L) AS t(id, name, amount)";

    /** One table of one format, and the writes the tests make to it. */
    private final class Table {
        final Sink sink;
        final TableRef ref;

        Table(String format) {
            this.sink = Sinks.forFormat(format);
            DatasetName name = DatasetName.parse("silver.f" + TABLES.incrementAndGet());
            StorageSpec storage =
                    new StorageSpec(root.toString(), TableFormat.valueOf(format.toUpperCase(Locale.ROOT)));
            this.ref = new TableRef(
                    name, root.resolve(name.layer()).resolve(name.name()).toString(), storage);
        }

        Path location() {
            return Path.of(ref.location());
        }

        WriteResult write(String rows, WriteSpec write, String commit) {
            return write(rows, write, SchemaEvolution.STRICT, commit);
        }

        WriteResult write(String rows, WriteSpec write, SchemaEvolution evolution, String commit) {
            return sink.write(spark.sql(rows), new WriteRequest(ref, write, evolution, CommitId.ofRun(commit), T1));
        }

        List<String> rows(String columns, String orderBy) {
            return strings(sink.read(spark, ref).orderBy(orderBy).selectExpr(columns.split(",\\s*")));
        }
    }

    private static List<String> strings(Dataset<Row> rows) {
        return rows.collectAsList().stream().map(Row::toString).toList();
    }

    private static List<String> columns(Dataset<Row> rows) {
        return Arrays.stream(rows.schema().fields())
                .map(f -> f.name() + " " + f.dataType().sql())
                .toList();
    }

    private static WriteSpec overwrite(String... partitionBy) {
        return new WriteSpec(WriteMode.OVERWRITE, null, null, null, List.of(partitionBy), null, null, null, null);
    }

    @ParameterizedTest
    @MethodSource("formats")
    void appendedBatchesReadBackWithTheirExactValuesAndTypes(String format) {
        Table table = new Table(format);

        WriteResult first = table.write(FIRST, WriteSpec.APPEND, "run-1");
        WriteResult second = table.write(SECOND, WriteSpec.APPEND, "run-2");

        assertThat(List.of(first.version(), second.version())).containsExactly(1L, 2L);
        assertThat(List.of(first.alreadyCommitted(), second.alreadyCommitted())).containsExactly(false, false);
        Dataset<Row> expected = spark.sql(FIRST + " UNION ALL " + SECOND).orderBy("id");
        Dataset<Row> actual = table.sink.read(spark, table.ref).orderBy("id");
        assertThat(columns(actual)).as("columns and types").isEqualTo(columns(expected));
        assertThat(actual.collectAsList()).isEqualTo(expected.collectAsList());
    }

    @ParameterizedTest
    @MethodSource("formats")
    void aRetryDeletesTheStagingFolderOfTheCrashedAttemptAndOnceCommittedWritesNothing(String format)
            throws IOException {
        Table table = new Table(format);
        Path staging =
                table.location().resolve(FileTableFolder.STAGING_DIR).resolve(FileBatchTag.of(CommitId.ofRun("run-1")));
        Files.createDirectories(staging.resolve("day=x"));
        Files.writeString(staging.resolve("part-00000-half-written." + format), "garbage", StandardCharsets.UTF_8);
        Files.writeString(staging.resolve("day=x/part-00001." + format), "garbage", StandardCharsets.UTF_8);

        WriteResult first = table.write(THREE, WriteSpec.APPEND, "run-1");
        WriteResult retry = table.write(THREE, WriteSpec.APPEND, "run-1");

        assertThat(staging).doesNotExist();
        assertThat(first.alreadyCommitted()).isFalse();
        assertThat(retry.alreadyCommitted()).isTrue();
        assertThat(retry.version()).isEqualTo(first.version()).isEqualTo(1);
        assertThat(table.rows("*", "id")).containsExactly("[1,a,10]", "[2,b,20]", "[3,c,30]");
    }

    @ParameterizedTest
    @MethodSource("formats")
    void overwriteWithoutPartitionsReplacesTheTable(String format) {
        Table table = new Table(format);
        table.write(THREE, WriteSpec.APPEND, "run-1");

        WriteResult replaced =
                table.write("SELECT * FROM VALUES (9, 'z', 90L) AS t(id, name, amount)", overwrite(), "run-2");

        assertThat(replaced.version()).isEqualTo(2);
        assertThat(table.rows("*", "id")).containsExactly("[9,z,90]");
        assertThat(table.write(THREE, WriteSpec.APPEND, "run-1").alreadyCommitted())
                .as("the emptied folder of a replaced batch still records it as committed")
                .isTrue();
    }

    @ParameterizedTest
    @MethodSource("formats")
    void overwriteReplacesOnlyThePartitionsInTheBatch(String format) {
        Table table = new Table(format);
        WriteSpec byDay = overwrite("day");
        table.write(
                "SELECT * FROM VALUES (1, DATE'2026-01-01'), (2, DATE'2026-01-01'), (3, DATE'2026-01-02'),"
                        + " (4, CAST(NULL AS DATE)) AS t(id, day)",
                byDay,
                "run-1");

        table.write(
                "SELECT * FROM VALUES (5, DATE'2026-01-02'), (6, CAST(NULL AS DATE)) AS t(id, day)", byDay, "run-2");

        assertThat(table.location().resolve("_strata_batch=" + FileBatchTag.of(CommitId.ofRun("run-1"))))
                .isDirectoryContaining(p -> p.getFileName().toString().equals("day=2026-01-01"));
        assertThat(table.rows("id, day", "id"))
                .containsExactly("[1,2026-01-01]", "[2,2026-01-01]", "[5,2026-01-02]", "[6,null]");
        assertThat(columns(table.sink.read(spark, table.ref))).containsExactly("id INT", "day DATE");
        assertThatThrownBy(() -> table.write("SELECT 7 AS id, DATE'2026-01-03' AS day", WriteSpec.APPEND, "run-3"))
                .isInstanceOf(StrataException.class)
                .hasMessage("Cannot write " + table.ref.name() + ": its files are partitioned by [day] and"
                        + " write.partition_by is [] (a " + format + " table keeps the partitioning of its first"
                        + " write; restore partition_by, or delete file:" + table.location()
                        + " to rebuild the table)");
    }

    /** The same for every format: the folders and the marker are the format's business only through Spark. */
    @Test
    void anOverwriteInterruptedAfterItsCommitIsCompletedByItsRetry() throws IOException {
        String format = "parquet";
        Table table = new Table(format);
        table.write(THREE, WriteSpec.APPEND, "run-1");
        // The state a crash between the commit (rename) and the deletes leaves: written elsewhere, then moved in.
        Table elsewhere = new Table(format);
        String nine = "SELECT * FROM VALUES (9, 'z', 90L) AS t(id, name, amount)";
        elsewhere.write(nine, overwrite(), "run-2");
        String folder = "_strata_batch=" + FileBatchTag.of(CommitId.ofRun("run-2"));
        Files.move(elsewhere.location().resolve(folder), table.location().resolve(folder));
        Files.writeString(
                table.location().resolve(FileTableFolder.OVERWRITE_MARKER),
                FileBatchTag.of(CommitId.ofRun("run-2")),
                StandardCharsets.UTF_8);
        assertThat(table.rows("id", "id")).as("before the retry").hasSize(4);

        WriteResult retry = table.write(nine, overwrite(), "run-2");

        assertThat(retry.alreadyCommitted()).isTrue();
        assertThat(table.rows("*", "id")).containsExactly("[9,z,90]");
        assertThat(table.location().resolve(FileTableFolder.OVERWRITE_MARKER)).doesNotExist();
    }

    @ParameterizedTest
    @MethodSource("formats")
    void mergeIsRefused(String format) {
        Table table = new Table(format);

        assertThatThrownBy(() -> table.write(
                        THREE,
                        new WriteSpec(WriteMode.MERGE, List.of("id"), null, null, null, null, null, null, null),
                        "run-1"))
                .isInstanceOf(StrataException.class)
                .hasMessage("Cannot merge into " + table.ref.name() + ": format " + format
                        + " writes plain files that cannot update or delete rows (use format: delta, iceberg or hudi,"
                        + " or mode: append or overwrite)")
                .extracting(e -> ((StrataException) e).code())
                .isEqualTo(ErrorCode.UNSUPPORTED);
        assertThat(table.sink.exists(spark, table.ref)).isFalse();
    }

    @ParameterizedTest
    @MethodSource("formats")
    void sqlNamesTheTableLayerDotName(String format) {
        Table table = new Table(format);
        WriteSpec byDay = new WriteSpec(WriteMode.APPEND, null, null, null, List.of("day"), null, null, null, null);
        String sql = "SELECT * FROM " + table.ref.name() + " ORDER BY id";
        table.write(
                "SELECT * FROM VALUES (1, 'a', DATE'2026-01-01'), (2, 'b', DATE'2026-01-02') AS t(id, name, day)",
                byDay,
                "run-1");
        table.sink.register(spark, table.ref);
        assertThat(strings(spark.sql(sql))).containsExactly("[1,a,2026-01-01]", "[2,b,2026-01-02]");

        table.write("SELECT 3 AS id, 'c' AS name, DATE'2026-01-02' AS day", byDay, "run-2");
        table.sink.register(spark, table.ref);

        Dataset<Row> all = spark.sql(sql);
        assertThat(columns(all)).containsExactly("id INT", "name STRING", "day DATE");
        assertThat(strings(all)).containsExactly("[1,a,2026-01-01]", "[2,b,2026-01-02]", "[3,c,2026-01-02]");
    }

    @ParameterizedTest
    @MethodSource("formats")
    void addColumnsAddsANewColumnLast(String format) {
        Table table = new Table(format);
        table.write("SELECT 1 AS id, 'a' AS name", WriteSpec.APPEND, "run-1");

        WriteResult widened = table.write(
                "SELECT 2 AS id, 'x' AS note, 'b' AS name", WriteSpec.APPEND, SchemaEvolution.ADD_COLUMNS, "run-2");

        assertThat(widened.schemaChanges()).containsExactly("added column note string");
        assertThat(table.rows("*", "id")).containsExactly("[1,a,null]", "[2,b,x]");
        assertThatThrownBy(() -> table.write("SELECT 3 AS id", WriteSpec.APPEND, "run-3"))
                .as("strict evolution, against the widened schema")
                .hasMessageStartingWith("Cannot write " + table.ref.name()
                        + ": the input's columns differ from the table's [- name string, - note string]");
    }

    @ParameterizedTest
    @MethodSource("nestedFormats")
    void addColumnsWidensNestedFields(String format) {
        Table table = new Table(format);
        table.write(
                "SELECT 1 AS id, named_struct('city', 'Oslo', 'zip', '0150') AS address", WriteSpec.APPEND, "run-1");

        table.write(
                "SELECT 2 AS id, named_struct('country', 'IT', 'zip', '00100', 'city', 'Rome') AS address",
                WriteSpec.APPEND,
                SchemaEvolution.ADD_COLUMNS,
                "run-2");

        assertThat(table.rows("id, address", "id")).containsExactly("[1,[Oslo,0150,null]]", "[2,[Rome,00100,IT]]");
    }

    @Test
    void csvRefusesNestedColumns() {
        Table table = new Table("csv");

        assertThatThrownBy(() -> table.write(
                        "SELECT 1 AS id, named_struct('city', 'Oslo') AS address, array(1) AS tags",
                        WriteSpec.APPEND,
                        "run-1"))
                .hasMessage("Cannot write " + table.ref.name() + " as csv: CSV cannot hold the nested columns address"
                        + " struct<city:string>, tags array<int> (use format: json, parquet or orc, or turn them"
                        + " into strings, e.g. with to_json)");
    }
}
