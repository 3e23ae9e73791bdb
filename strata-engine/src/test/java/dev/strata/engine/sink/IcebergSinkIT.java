package dev.strata.engine.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.strata.core.spec.DatasetName;
import dev.strata.core.spec.IcebergCatalogSpec;
import dev.strata.core.spec.SchemaEvolution;
import dev.strata.core.spec.SourceFormat;
import dev.strata.core.spec.SourceSpec;
import dev.strata.core.spec.StorageSpec;
import dev.strata.core.spec.TableFormat;
import dev.strata.core.spec.WriteMode;
import dev.strata.core.spec.WriteSpec;
import dev.strata.engine.SharedSpark;
import dev.strata.engine.source.Sources;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link SinkContractIT} does not cover for Iceberg: the catalogs (Hadoop on storage.root, JDBC on PostgreSQL,
 * REST configuration), SQL registration, maintenance, exactly-once through MERGE, and time travel on the source.
 */
class IcebergSinkIT {
    private static final AtomicInteger TABLES = new AtomicInteger();
    private static final Instant T1 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test";

    @TempDir
    static Path root;

    private final SparkSession spark = SharedSpark.session();
    private final Sink sink = Sinks.forFormat("iceberg");

    private static TableRef table(StorageSpec storage) {
        DatasetName name = DatasetName.parse("silver.ice" + TABLES.incrementAndGet());
        return new TableRef(
                name,
                Path.of(storage.root())
                        .resolve(name.layer())
                        .resolve(name.name())
                        .toString(),
                storage);
    }

    private static TableRef table() {
        return table(new StorageSpec(root.toString(), TableFormat.ICEBERG));
    }

    private WriteResult write(TableRef table, String rows, WriteSpec write, String run) {
        return sink.write(
                spark.sql(rows), new WriteRequest(table, write, SchemaEvolution.STRICT, CommitId.ofRun(run), T1));
    }

    private List<String> rows(Dataset<Row> rows) {
        return rows.orderBy("id").collectAsList().stream().map(Row::toString).toList();
    }

    private Table iceberg(TableRef table) throws Exception {
        return Spark3Util.loadIcebergTable(spark, IcebergTables.identifier(spark, table));
    }

    private static WriteSpec merge() {
        return new WriteSpec(WriteMode.MERGE, List.of("id"), null, null, null, null, null, null, null);
    }

    @Test
    void theHadoopCatalogKeepsTablesAtTheirStorageRootLocation() throws Exception {
        TableRef table = table();

        write(table, "SELECT 1 AS id, 'a' AS name", WriteSpec.APPEND, "run-1");

        assertThat(IcebergCatalogs.properties(table.storage()))
                .containsEntry("type", "hadoop")
                .containsEntry("warehouse", root.toString());
        assertThat(iceberg(table).location()).isIn(table.location(), "file:" + table.location());
        assertThat(Path.of(table.location()).resolve("metadata/version-hint.text"))
                .exists();
    }

    @Test
    void eachStorageRootGetsItsOwnCatalogInOneSession(@TempDir Path otherRoot) {
        TableRef here = table();
        TableRef there = table(new StorageSpec(otherRoot.toString(), TableFormat.ICEBERG));

        write(here, "SELECT 1 AS id", WriteSpec.APPEND, "run-1");
        write(there, "SELECT 2 AS id", WriteSpec.APPEND, "run-1");

        String hereCatalog = IcebergCatalogs.register(spark, here.storage());
        String thereCatalog = IcebergCatalogs.register(spark, there.storage());
        assertThat(hereCatalog).startsWith(IcebergCatalogs.PREFIX).isNotEqualTo(thereCatalog);
        assertThat(spark.conf().get("spark.sql.catalog." + thereCatalog + ".warehouse"))
                .isEqualTo(otherRoot.toString());
        assertThat(rows(sink.read(spark, here))).containsExactly("[1]");
        assertThat(rows(sink.read(spark, there))).containsExactly("[2]");
        assertThat(Path.of(there.location())).isDirectory();
    }

    @Test
    void aMergeRetriedAfterItsCommitChangesNothing() throws Exception {
        TableRef table = table();
        write(table, "SELECT * FROM VALUES (1, 'a'), (2, 'b') AS t(id, name)", WriteSpec.APPEND, "run-1");
        String update = "SELECT * FROM VALUES (2, 'b2'), (3, 'c') AS t(id, name)";

        WriteResult merged = write(table, update, merge(), "run-2");
        WriteResult retried = write(table, "SELECT 2 AS id, 'other' AS name", merge(), "run-2");

        assertThat(retried.alreadyCommitted()).isTrue();
        assertThat(retried.version()).isEqualTo(merged.version());
        assertThat(rows(sink.read(spark, table))).containsExactly("[1,a]", "[2,b2]", "[3,c]");
        Snapshot current = iceberg(table).currentSnapshot();
        assertThat(current.snapshotId()).isEqualTo(merged.version());
        assertThat(current.summary())
                .containsEntry(CommitId.APP_KEY, "strata-run:run-2")
                .containsEntry(CommitId.VERSION_KEY, "0");
    }

    @Test
    void registersTheTableForSqlAsLayerDotName() {
        TableRef table = table();
        write(table, "SELECT * FROM VALUES (1, 'a'), (2, 'b') AS t(id, name)", WriteSpec.APPEND, "run-1");
        String sql = "SELECT count(*) FROM " + table.name();

        sink.register(spark, table);
        long before = spark.sql(sql).first().getLong(0);
        write(table, "SELECT 3 AS id, 'c' AS name", WriteSpec.APPEND, "run-2");
        long after = spark.sql(sql).first().getLong(0);
        sink.register(spark, table);

        assertThat(before).isEqualTo(2);
        assertThat(after).as("the registered name reads the current snapshot").isEqualTo(3);
        assertThat(spark.sql("SELECT name FROM " + table.name() + " WHERE id = 3")
                        .first()
                        .getString(0))
                .isEqualTo("c");
    }

    @Test
    void anAliasCatalogTakesIcebergsOwnTimeTravelSql() {
        TableRef table = table();
        WriteResult first =
                write(table, "SELECT * FROM VALUES (1, 'a'), (2, 'b') AS t(id, name)", WriteSpec.APPEND, "run-1");
        write(table, "SELECT 3 AS id, 'c' AS name", WriteSpec.APPEND, "run-2");

        IcebergCatalogs.registerAlias(spark, table.storage(), "iceberg_alias");

        String snapshot = "iceberg_alias." + table.name() + ".snapshot_id_" + first.version();
        assertThat(spark.sql("SELECT count(*) FROM " + snapshot).first().getLong(0))
                .isEqualTo(2);
        assertThat(spark.sql("SELECT count(*) FROM iceberg_alias." + table.name())
                        .first()
                        .getLong(0))
                .isEqualTo(3);
    }

    @Test
    void maintenanceCompactsFilesAndExpiresOldSnapshots() throws Exception {
        TableRef table = table();
        for (int i = 1; i <= 3; i++) {
            write(table, "SELECT " + i + " AS id", WriteSpec.APPEND, "run-" + i);
        }

        MaintenanceResult result = sink.maintain(spark, table, Duration.ZERO);

        assertThat(result.filesCompacted()).isEqualTo(3);
        assertThat(result.filesRemoved()).as(result.detail()).isEqualTo(3);
        assertThat(result.detail()).startsWith("rewrite_data_files rewrote 3 files into 1;");
        Table iceberg = iceberg(table);
        assertThat(iceberg.snapshots()).hasSize(1);
        assertThat(rows(sink.read(spark, table))).containsExactly("[1]", "[2]", "[3]");
    }

    @Test
    void theIcebergSourceReadsASnapshotOrATimestamp() throws Exception {
        TableRef table = table();
        WriteResult first = write(table, "SELECT 1 AS id", WriteSpec.APPEND, "run-1");
        long firstCommitMillis = iceberg(table).currentSnapshot().timestampMillis();
        Thread.sleep(20); // two snapshots in the same millisecond would make the timestamp ambiguous
        write(table, "SELECT 2 AS id", WriteSpec.APPEND, "run-2");
        String between = Instant.ofEpochMilli(firstCommitMillis).plusMillis(1).toString();

        assertThat(rows(readSource(table, first.version(), null))).containsExactly("[1]");
        assertThat(rows(readSource(table, null, between))).containsExactly("[1]");
        assertThat(rows(readSource(table, null, Long.toString(firstCommitMillis))))
                .containsExactly("[1]");
        assertThat(rows(readSource(table, null, null))).containsExactly("[1]", "[2]");
    }

    private Dataset<Row> readSource(TableRef table, Long version, String timestamp) {
        SourceSpec spec = new SourceSpec(
                SourceFormat.ICEBERG, table.location(), null, null, null, null, null, null, version, timestamp);
        return Sources.forFormat("iceberg").read(spark, spec, List.of()).rows().select("id");
    }

    @Test
    void aRestCatalogIsConfiguredFromTheStorageSettings() {
        IcebergCatalogSpec rest = new IcebergCatalogSpec(
                IcebergCatalogSpec.Type.REST, "http://127.0.0.1:8181", null, Map.of("token", "t0k"));
        StorageSpec storage = new StorageSpec(root.toString(), TableFormat.ICEBERG, rest, null);

        Map<String, String> properties = IcebergCatalogs.properties(storage);
        String catalog = IcebergCatalogs.register(spark, storage);

        assertThat(properties)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "type", "rest", "uri", "http://127.0.0.1:8181", "cache-enabled", "false", "token", "t0k"));
        assertThat(catalog).isEqualTo(IcebergCatalogs.register(spark, storage));
        assertThat(spark.conf().get("spark.sql.catalog." + catalog)).isEqualTo("org.apache.iceberg.spark.SparkCatalog");
        properties.forEach((key, value) -> assertThat(spark.conf().get("spark.sql.catalog." + catalog + "." + key))
                .as(key)
                .isEqualTo(value));
        IcebergCatalogSpec withWarehouse = new IcebergCatalogSpec(
                IcebergCatalogSpec.Type.REST, "http://127.0.0.1:8181", "prod", Map.of("token", "t0k"));
        assertThat(IcebergCatalogs.properties(
                        new StorageSpec(root.toString(), TableFormat.ICEBERG, withWarehouse, null)))
                .containsEntry("warehouse", "prod");
    }

    @Test
    void theJdbcCatalogKeepsTablesInPostgresql(@TempDir Path warehouse) throws Exception {
        String schema =
                "strata_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin = postgres()) {
            assumeTrue(admin != null, "PostgreSQL is not reachable at " + POSTGRES + " as user postgres: skipped");
            try (Statement statement = admin.createStatement()) {
                statement.execute("CREATE SCHEMA " + schema);
            }
            try {
                IcebergCatalogSpec jdbc = new IcebergCatalogSpec(
                        IcebergCatalogSpec.Type.JDBC,
                        POSTGRES + "?currentSchema=" + schema,
                        warehouse.toString(),
                        Map.of("jdbc.user", "postgres"));
                TableRef table = table(new StorageSpec(root.toString(), TableFormat.ICEBERG, jdbc, null));

                write(table, "SELECT * FROM VALUES (1, 'a'), (2, 'b') AS t(id, name)", merge(), "run-1");
                write(table, "SELECT * FROM VALUES (2, 'b2'), (3, 'c') AS t(id, name)", merge(), "run-2");
                WriteResult retried = write(table, "SELECT 9 AS id, 'z' AS name", merge(), "run-2");

                assertThat(retried.alreadyCommitted()).isTrue();
                assertThat(rows(sink.read(spark, table))).containsExactly("[1,a]", "[2,b2]", "[3,c]");
                try (Statement statement = admin.createStatement();
                        ResultSet listed = statement.executeQuery("SELECT table_namespace, table_name,"
                                + " metadata_location FROM " + schema + ".iceberg_tables")) {
                    assertThat(listed.next())
                            .as("the table is listed in PostgreSQL")
                            .isTrue();
                    assertThat(listed.getString(1) + "." + listed.getString(2))
                            .isEqualTo(table.name().toString());
                    assertThat(listed.getString(3)).contains(warehouse.toString());
                    assertThat(listed.next()).isFalse();
                }
                sink.register(spark, table);
                assertThat(spark.sql("SELECT count(*) FROM " + table.name())
                                .first()
                                .getLong(0))
                        .isEqualTo(3);
            } finally {
                try (Statement statement = admin.createStatement()) {
                    statement.execute("DROP SCHEMA " + schema + " CASCADE");
                }
            }
        }
    }

    /** A connection to the machine's PostgreSQL, or null when none answers. */
    private static Connection postgres() {
        DriverManager.setLoginTimeout(3);
        try {
            return DriverManager.getConnection(POSTGRES, "postgres", "");
        } catch (SQLException e) {
            return null;
        }
    }
}
