package dev.strata.engine.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.error.StrataException;
import dev.strata.core.spec.DatasetName;
import dev.strata.core.spec.HudiTableType;
import dev.strata.core.spec.SchemaEvolution;
import dev.strata.core.spec.StorageSpec;
import dev.strata.core.spec.TableFormat;
import dev.strata.core.spec.WriteMode;
import dev.strata.core.spec.WriteSpec;
import dev.strata.engine.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.hudi.common.table.HoodieTableMetaClient;
import org.apache.hudi.common.table.timeline.HoodieInstant;
import org.apache.hudi.common.table.timeline.HoodieTimeline;
import org.apache.hudi.hadoop.fs.HadoopFSUtils;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link SinkContractIT} does not cover for Hudi: merge-on-read tables, the commit metadata that makes writes
 * exactly-once, SQL registration without Hudi's columns, maintenance, and the record key fixed at creation.
 */
class HudiSinkIT {
    private static final AtomicInteger TABLES = new AtomicInteger();
    private static final Instant T1 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String THREE =
            "SELECT * FROM VALUES (1, 'a', 10L), (2, 'b', 20L), (3, 'c', 30L) AS t(id, name, amount)";

    @TempDir
    static Path root;

    private final SparkSession spark = SharedSpark.session();
    private final Sink sink = Sinks.forFormat("hudi");

    private static TableRef table() {
        DatasetName name = DatasetName.parse("silver.hudi" + TABLES.incrementAndGet());
        return new TableRef(
                name,
                root.resolve(name.layer()).resolve(name.name()).toString(),
                new StorageSpec(root.toString(), TableFormat.HUDI));
    }

    private static WriteSpec spec(WriteMode mode, HudiTableType type, Map<String, String> options, String... keys) {
        return new WriteSpec(mode, List.of(keys), null, null, null, null, null, type, options);
    }

    /** A merge on {@code id} where rows with {@code op = 'D'} delete their key. */
    private static WriteSpec merge(HudiTableType type) {
        return new WriteSpec(WriteMode.MERGE, List.of("id"), null, null, null, null, "op = 'D'", type, null);
    }

    private WriteResult write(TableRef table, String rows, WriteSpec write, String run) {
        return write(table, rows, write, SchemaEvolution.STRICT, run);
    }

    private WriteResult write(TableRef table, String rows, WriteSpec write, SchemaEvolution evolution, String run) {
        return sink.write(spark.sql(rows), new WriteRequest(table, write, evolution, CommitId.ofRun(run), T1));
    }

    private List<String> rows(Dataset<Row> rows) {
        return rows.orderBy("id").collectAsList().stream().map(Row::toString).toList();
    }

    private HoodieTableMetaClient metaClient(TableRef table) {
        return HoodieTableMetaClient.builder()
                .setConf(HadoopFSUtils.getStorageConfWithCopy(
                        spark.sparkContext().hadoopConfiguration()))
                .setBasePath(table.location())
                .build();
    }

    private static List<String> dataFiles(TableRef table, String marker) throws IOException {
        try (Stream<Path> files = Files.walk(Path.of(table.location()))) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !p.toString().contains("/.hoodie/"))
                    .map(p -> p.getFileName().toString())
                    .filter(n -> !n.endsWith(".crc") && n.contains(marker))
                    .toList();
        }
    }

    @Test
    void mergeOnReadTablesUpsertAndDeleteIntoLogFilesAndReadMerged() throws IOException {
        TableRef table = table();
        WriteSpec merge = merge(HudiTableType.MERGE_ON_READ);
        write(table, THREE.replace("SELECT *", "SELECT *, 'U' AS op"), merge, "run-1");

        write(
                table,
                "SELECT * FROM VALUES (2, 'b2', 21L, 'U'), (3, 'c', 30L, 'D'), (4, 'd', 40L, 'U')"
                        + " AS t(id, name, amount, op)",
                merge,
                "run-2");
        write(
                table,
                "SELECT 4 AS id, 'x' AS name, 0L AS amount, 'U' AS op",
                spec(WriteMode.DELETE, HudiTableType.MERGE_ON_READ, null, "id"),
                "run-3");

        assertThat(metaClient(table).getTableConfig().getTableType().name()).isEqualTo("MERGE_ON_READ");
        assertThat(dataFiles(table, ".log."))
                .as("updates and deletes went to log files")
                .isNotEmpty();
        assertThat(rows(sink.read(spark, table).select("id", "name", "amount")))
                .containsExactly("[1,a,10]", "[2,b2,21]");
    }

    @Test
    void everyCommitCarriesItsCommitIdSoARetryCommitsNothing() {
        TableRef table = table();
        WriteSpec merge = merge(null);
        long started = System.nanoTime();
        write(table, THREE.replace("SELECT *", "SELECT *, 'U' AS op"), merge, "run-1");
        long created = System.nanoTime();
        write(table, "SELECT 2 AS id, 'b2' AS name, 21L AS amount, 'U' AS op", merge, "run-2");
        long upserted = System.nanoTime();
        write(
                table,
                "SELECT 1 AS id, 'a' AS name, 10L AS amount, 'U' AS op",
                spec(WriteMode.APPEND, null, null),
                "run-3");
        long appended = System.nanoTime();
        write(
                table,
                "SELECT 3 AS id, 'x' AS name, 0L AS amount, 'U' AS op",
                spec(WriteMode.DELETE, null, null, "id"),
                "run-4");
        System.out.printf(
                "Hudi copy_on_write, 3-row batches: create %d ms, upsert %d ms, append %d ms, delete %d ms%n",
                (created - started) / 1_000_000,
                (upserted - created) / 1_000_000,
                (appended - upserted) / 1_000_000,
                (System.nanoTime() - appended) / 1_000_000);

        WriteResult retry = write(
                table,
                "SELECT 3 AS id, 'x' AS name, 0L AS amount, 'U' AS op",
                spec(WriteMode.DELETE, null, null, "id"),
                "run-4");
        WriteResult earlier = write(table, "SELECT 9 AS id, 'z' AS name, 0L AS amount, 'U' AS op", merge, "run-2");

        HoodieTimeline commits =
                metaClient(table).getActiveTimeline().getCommitsTimeline().filterCompletedInstants();
        List<String> apps = new ArrayList<>();
        for (HoodieInstant instant : commits.getInstants()) {
            try {
                apps.add(commits.readCommitMetadata(instant).getExtraMetadata().get(CommitId.APP_KEY));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        assertThat(apps)
                .containsExactly("strata-run:run-1", "strata-run:run-2", "strata-run:run-3", "strata-run:run-4");
        assertThat(retry.alreadyCommitted()).isTrue();
        assertThat(earlier.alreadyCommitted()).isTrue();
        assertThat(retry.version())
                .as("the version is the last commit's instant")
                .isEqualTo(Long.parseLong(commits.lastInstant().get().requestedTime()));
        assertThat(rows(sink.read(spark, table).select("id", "name"))).containsExactly("[1,a]", "[1,a]", "[2,b2]");
    }

    @Test
    void registersTheTableForSqlWithoutHudisColumns() {
        TableRef table = table();
        write(table, THREE, WriteSpec.APPEND, "run-1");
        sink.register(spark, table);
        String sql = "SELECT * FROM " + table.name();

        assertThat(spark.sql(sql).columns()).containsExactly("id", "name", "amount");
        write(
                table,
                "SELECT 4 AS id, 'd' AS name, 40L AS amount, 'x' AS note",
                WriteSpec.APPEND,
                SchemaEvolution.ADD_COLUMNS,
                "run-2");
        sink.register(spark, table);

        assertThat(spark.sql(sql).columns()).containsExactly("id", "name", "amount", "note");
        assertThat(rows(spark.sql(sql)))
                .containsExactly("[1,a,10,null]", "[2,b,20,null]", "[3,c,30,null]", "[4,d,40,x]");
        assertThat(spark.sql("SHOW TABLES IN silver")
                        .filter("tableName = '" + table.name().name() + "'")
                        .count())
                .as("silver holds only the view")
                .isEqualTo(1);
    }

    @Test
    void hudisOwnTimeTravelSqlReadsAnEarlierCommit() {
        TableRef table = table();
        WriteResult first = write(table, THREE, WriteSpec.APPEND, "run-1");
        write(table, "SELECT 4 AS id, 'd' AS name, 40L AS amount", WriteSpec.APPEND, "run-2");
        sink.register(spark, table);

        String asOfFirst =
                "SELECT count(*) FROM " + HudiSink.catalogTable(table) + " TIMESTAMP AS OF '" + first.version() + "'";

        assertThat(spark.sql(asOfFirst).first().getLong(0)).isEqualTo(3);
        assertThat(spark.sql("SELECT count(*) FROM " + table.name()).first().getLong(0))
                .isEqualTo(4);
    }

    @Test
    void laterBatchesMayHoldNullsWhereTheFirstHadNone() {
        TableRef table = table();
        write(table, "SELECT 1 AS id, named_struct('city', 'Oslo') AS address", WriteSpec.APPEND, "run-1");

        write(
                table,
                "SELECT 2 AS id, named_struct('city', CAST(NULL AS STRING)) AS address",
                WriteSpec.APPEND,
                "run-2");
        write(table, "SELECT 3 AS id, CAST(NULL AS STRUCT<city: STRING>) AS address", WriteSpec.APPEND, "run-3");
        write(
                table,
                "SELECT CAST(NULL AS INT) AS id, named_struct('city', 'Rome') AS address",
                WriteSpec.APPEND,
                "run-4");

        assertThat(rows(sink.read(spark, table)))
                .containsExactly("[null,[Rome]]", "[1,[Oslo]]", "[2,[null]]", "[3,null]");
    }

    @Test
    void maintenanceCompactsLogFilesAndCleansOldVersions() throws IOException {
        TableRef table = table();
        WriteSpec merge = merge(HudiTableType.MERGE_ON_READ);
        String batch = THREE.replace("SELECT *", "SELECT *, 'U' AS op");
        write(table, batch, merge, "run-1");
        write(table, batch, merge, "run-2");
        write(table, batch, merge, "run-3");
        assertThat(dataFiles(table, ".log.")).isNotEmpty();

        MaintenanceResult result = sink.maintain(spark, table, Duration.ZERO);

        assertThat(result.filesCompacted()).as(result.detail()).isEqualTo(1);
        assertThat(result.filesRemoved()).as(result.detail()).isGreaterThanOrEqualTo(2);
        assertThat(dataFiles(table, ".log.")).as("compacted and cleaned").isEmpty();
        assertThat(dataFiles(table, ".parquet")).hasSize(1);
        assertThat(rows(sink.read(spark, table).select("id", "name"))).containsExactly("[1,a]", "[2,b]", "[3,c]");
    }

    @Test
    void maintenanceClustersSmallFilesIntoOne() throws IOException {
        TableRef table = table();
        // Without the small-file limit, Hudi would add each batch to the existing file instead of a new one.
        WriteSpec append = spec(WriteMode.APPEND, null, Map.of("hoodie.parquet.small.file.limit", "0"));
        write(table, THREE, append, "run-1");
        write(table, THREE, append, "run-2");
        write(table, THREE, append, "run-3");
        assertThat(dataFiles(table, ".parquet")).hasSize(3);

        MaintenanceResult result = sink.maintain(spark, table, Duration.ofHours(2));

        assertThat(result.filesCompacted()).as(result.detail()).isEqualTo(3);
        assertThat(result.filesRemoved())
                .as("the clustered files are younger than the retention")
                .isZero();
        assertThat(result.detail()).contains("clustering rewrote 3 file groups").contains("kept 2h");
        assertThat(sink.read(spark, table).count()).isEqualTo(9);
        assertThat(sink.maintain(spark, table, Duration.ZERO).filesRemoved()).isEqualTo(3);
        assertThat(dataFiles(table, ".parquet")).hasSize(1);
    }

    @Test
    void refusesToMergeOnKeysTheTableWasNotCreatedWith() {
        TableRef table = table();
        write(table, THREE, WriteSpec.APPEND, "run-1");

        assertThatThrownBy(() -> write(
                        table,
                        "SELECT 1 AS id, 'a' AS name, 11L AS amount",
                        spec(WriteMode.MERGE, null, null, "id"),
                        "run-2"))
                .isInstanceOf(StrataException.class)
                .hasMessage("Cannot merge into " + table.name() + ": its Hudi table's record key is generated (none),"
                        + " not [id] (a Hudi table's record key is fixed when the table is created; rebuild it with"
                        + " this write mode, or keep the mode it was created with)");
        assertThatThrownBy(
                        () -> write(table, THREE, spec(WriteMode.APPEND, HudiTableType.MERGE_ON_READ, null), "run-3"))
                .isInstanceOf(StrataException.class)
                .hasMessageStartingWith(
                        "Cannot write " + table.name() + ": its Hudi table is copy_on_write, not" + " merge_on_read");
    }

    @Test
    void mergeKeepsAKeyUniqueAcrossPartitionsAndMovesItsRow() {
        TableRef table = table();
        WriteSpec merge =
                new WriteSpec(WriteMode.MERGE, List.of("id"), null, null, List.of("day"), null, null, null, null);
        write(
                table,
                "SELECT * FROM VALUES (1, DATE'2026-01-01', 'a'), (2, DATE'2026-01-01', 'b') AS t(id, day, v)",
                merge,
                "run-1");

        write(table, "SELECT * FROM VALUES (1, DATE'2026-01-02', 'a2') AS t(id, day, v)", merge, "run-2");

        assertThat(rows(sink.read(spark, table))).containsExactly("[1,2026-01-02,a2]", "[2,2026-01-01,b]");
        assertThat(Files.isDirectory(Path.of(table.location(), "day=2026-01-02")))
                .as("hive-style partition folders")
                .isTrue();
    }

    @Test
    void aTableWithoutACompletedCommitIsWrittenAsNew() throws IOException {
        TableRef table = table();
        HoodieTableMetaClient.newTableBuilder()
                .setTableType("COPY_ON_WRITE")
                .setTableName(HudiSink.tableName(table))
                .initTable(
                        HadoopFSUtils.getStorageConfWithCopy(
                                spark.sparkContext().hadoopConfiguration()),
                        table.location());
        assertThat(sink.exists(spark, table)).isFalse();

        write(table, THREE, WriteSpec.APPEND, "run-1");

        assertThat(sink.read(spark, table).count()).isEqualTo(3);
    }

    @Test
    void scd2TablesAreKeyedOnTheKeysAndValidFrom() {
        TableRef table = table();
        WriteSpec scd2 = new WriteSpec(WriteMode.SCD2, List.of("id"), null, null, null, null, null, null, null);

        write(table, "SELECT 1 AS id, 'silver' AS tier", scd2, "run-1");

        assertThat(Arrays.asList(
                        metaClient(table).getTableConfig().getRecordKeyFields().get()))
                .containsExactly("id", TableSink.VALID_FROM);
    }
}
