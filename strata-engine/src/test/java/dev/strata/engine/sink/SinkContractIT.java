package dev.strata.engine.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.error.StrataException;
import dev.strata.core.spec.DatasetName;
import dev.strata.core.spec.SchemaEvolution;
import dev.strata.core.spec.StorageSpec;
import dev.strata.core.spec.TableFormat;
import dev.strata.core.spec.WriteMode;
import dev.strata.core.spec.WriteSpec;
import dev.strata.engine.SharedSpark;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every table format must do the same way: each write mode, SCD2, exactly-once and schema evolution, checked on
 * the real format libraries. A format is added by naming it in {@link #formats()}.
 */
class SinkContractIT {
    private static final AtomicInteger TABLES = new AtomicInteger();
    private static final Instant T1 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant T2 = Instant.parse("2026-01-02T00:00:00Z");
    private static final Instant T3 = Instant.parse("2026-01-03T00:00:00Z");

    @TempDir
    static Path root;

    private final SparkSession spark = SharedSpark.session();

    static Stream<String> formats() {
        return Stream.of("delta", "iceberg", "hudi");
    }

    /** One table of one format, and the writes the tests make to it. */
    private final class Table {
        final Sink sink;
        final TableRef ref;

        Table(String format) {
            this.sink = Sinks.forFormat(format);
            DatasetName name = DatasetName.parse("silver.t" + TABLES.incrementAndGet());
            StorageSpec storage =
                    new StorageSpec(root.toString(), TableFormat.valueOf(format.toUpperCase(java.util.Locale.ROOT)));
            this.ref = new TableRef(
                    name, root.resolve(name.layer()).resolve(name.name()).toString(), storage);
        }

        WriteResult write(String rows, WriteSpec write, String commit, Instant at) {
            return write(rows, write, SchemaEvolution.STRICT, commit, at);
        }

        WriteResult write(String rows, WriteSpec write, SchemaEvolution evolution, String commit, Instant at) {
            return sink.write(spark.sql(rows), new WriteRequest(ref, write, evolution, CommitId.ofRun(commit), at));
        }

        List<String> rows(String columns, String orderBy) {
            Column[] order = java.util.Arrays.stream(orderBy.split(",\\s*"))
                    .map(org.apache.spark.sql.functions::expr)
                    .toArray(Column[]::new);
            return sink.read(spark, ref).orderBy(order).selectExpr(columns.split(",\\s*")).collectAsList().stream()
                    .map(Row::toString)
                    .toList();
        }

        long count() {
            return sink.read(spark, ref).count();
        }
    }

    private static WriteSpec mode(WriteMode mode, String... keys) {
        return new WriteSpec(mode, List.of(keys), null, null, null, null, null, null, null);
    }

    private static final String THREE =
            "SELECT * FROM VALUES (1, 'a', 10L), (2, 'b', 20L), (3, 'c', 30L) AS t(id, name, amount)";

    @ParameterizedTest
    @MethodSource("formats")
    void appendCommitsABatchOnceHoweverOftenItIsRetried(String format) {
        Table table = new Table(format);

        WriteResult first = table.write(THREE, WriteSpec.APPEND, "run-1", T1);
        WriteResult retry = table.write(THREE, WriteSpec.APPEND, "run-1", T1);
        WriteResult next = table.write(THREE, WriteSpec.APPEND, "run-2", T2);

        assertThat(first.alreadyCommitted()).isFalse();
        assertThat(retry.alreadyCommitted()).isTrue();
        assertThat(retry.version()).isEqualTo(first.version());
        assertThat(next.alreadyCommitted()).isFalse();
        assertThat(table.count()).isEqualTo(6);
    }

    @ParameterizedTest
    @MethodSource("formats")
    void overwriteReplacesOnlyThePartitionsInTheBatch(String format) {
        Table table = new Table(format);
        WriteSpec byDay = new WriteSpec(WriteMode.OVERWRITE, null, null, null, List.of("day"), null, null, null, null);
        table.write(
                "SELECT * FROM VALUES (1, 'd1'), (2, 'd1'), (3, 'd2'), (4, 'd2') AS t(id, day)", byDay, "run-1", T1);

        table.write("SELECT * FROM VALUES (5, 'd2') AS t(id, day)", byDay, "run-2", T2);

        assertThat(table.rows("id, day", "id")).containsExactly("[1,d1]", "[2,d1]", "[5,d2]");
    }

    @ParameterizedTest
    @MethodSource("formats")
    void overwriteWithoutPartitionsReplacesTheTable(String format) {
        Table table = new Table(format);
        WriteSpec overwrite = mode(WriteMode.OVERWRITE);
        table.write(THREE, overwrite, "run-1", T1);

        table.write("SELECT * FROM VALUES (9, 'z', 90L) AS t(id, name, amount)", overwrite, "run-2", T2);

        assertThat(table.rows("id, name, amount", "id")).containsExactly("[9,z,90]");
    }

    @ParameterizedTest
    @MethodSource("formats")
    void mergeUpsertsOnKeysAndDeletesMarkedRows(String format) {
        Table table = new Table(format);
        WriteSpec merge = new WriteSpec(WriteMode.MERGE, List.of("id"), null, null, null, null, "op = 'D'", null, null);
        table.write(
                "SELECT *, 'U' AS op FROM VALUES (1, 'a', 10L), (2, 'b', 20L), (3, 'c', 30L) AS t(id, name, amount)",
                merge,
                "run-1",
                T1);

        table.write(
                "SELECT * FROM VALUES (2, 'b2', 21L, 'U'), (3, 'c', 30L, 'D'), (4, 'd', 40L, 'U'), (5, 'e', 50L, 'D')"
                        + " AS t(id, name, amount, op)",
                merge,
                "run-2",
                T2);

        assertThat(table.rows("id, name, amount", "id")).containsExactly("[1,a,10]", "[2,b2,21]", "[4,d,40]");
    }

    @ParameterizedTest
    @MethodSource("formats")
    void mergeRefusesABatchWithAKeyTwiceUnlessOrderByPicksTheRow(String format) {
        Table table = new Table(format);
        table.write(THREE, mode(WriteMode.MERGE, "id"), "run-1", T1);
        String twice = "SELECT * FROM VALUES (2, 'old', 1L), (2, 'new', 2L) AS t(id, name, amount)";

        assertThatThrownBy(() -> table.write(twice, mode(WriteMode.MERGE, "id"), "run-2", T2))
                .isInstanceOf(StrataException.class)
                .hasMessage("Cannot merge into " + table.ref.name() + ": the batch holds keys [id] more than once, e.g."
                        + " (id=2) x2 (set write.order_by, e.g. order_by: \"updated_at DESC\", to keep the first row"
                        + " per key, or add a dedupe step)");
        table.write(
                twice,
                new WriteSpec(WriteMode.MERGE, List.of("id"), null, null, null, "amount DESC", null, null, null),
                "run-3",
                T3);

        assertThat(table.rows("id, name, amount", "id")).containsExactly("[1,a,10]", "[2,new,2]", "[3,c,30]");
    }

    @ParameterizedTest
    @MethodSource("formats")
    void deleteRemovesTheKeysOfTheBatch(String format) {
        Table table = new Table(format);
        table.write(THREE, WriteSpec.APPEND, "run-1", T1);

        table.write(
                "SELECT * FROM VALUES (2, 'x', 0L), (7, 'y', 0L) AS t(id, name, amount)",
                mode(WriteMode.DELETE, "id"),
                "run-2",
                T2);

        assertThat(table.rows("id", "id")).containsExactly("[1]", "[3]");
    }

    @ParameterizedTest
    @MethodSource("formats")
    void scd2OpensAVersionOnlyWhenATrackedColumnChanges(String format) {
        Table table = new Table(format);
        WriteSpec scd2 =
                new WriteSpec(WriteMode.SCD2, List.of("id"), List.of("tier"), null, null, null, null, null, null);
        String second = "SELECT * FROM VALUES (1, 'ann', 'gold'), (2, 'bob2', 'silver'), (3, 'cy', 'bronze')"
                + " AS t(id, name, tier)";
        table.write(
                "SELECT * FROM VALUES (1, 'ann', 'silver'), (2, 'bob', 'silver') AS t(id, name, tier)",
                scd2,
                "run-1",
                T1);

        table.write(second, scd2, "run-2", T2);
        table.write(second, scd2, "run-3", T3);

        // id 1 changed tier: closed at T2, new version from T2; id 2 changed an untracked column only: unchanged.
        assertThat(table.rows(
                        "id, name, tier, cast(_valid_from as string), cast(_valid_to as string), _is_current",
                        "id, _valid_from"))
                .containsExactly(
                        "[1,ann,silver,2026-01-01 00:00:00,2026-01-02 00:00:00,false]",
                        "[1,ann,gold,2026-01-02 00:00:00,null,true]",
                        "[2,bob,silver,2026-01-01 00:00:00,null,true]",
                        "[3,cy,bronze,2026-01-02 00:00:00,null,true]");
    }

    @ParameterizedTest
    @MethodSource("formats")
    void scd2ResolvesAKeyTwiceInOneBatchByOrderBy(String format) {
        Table table = new Table(format);
        String batch = "SELECT * FROM VALUES (1, 'silver', 1), (1, 'gold', 2) AS t(id, tier, seq)";
        WriteSpec unordered =
                new WriteSpec(WriteMode.SCD2, List.of("id"), List.of("tier"), null, null, null, null, null, null);

        assertThatThrownBy(() -> table.write(batch, unordered, "run-1", T1))
                .hasMessageContaining("the batch holds keys [id] more than once, e.g. (id=1) x2");
        table.write(
                batch,
                new WriteSpec(WriteMode.SCD2, List.of("id"), List.of("tier"), null, null, "seq DESC", null, null, null),
                "run-2",
                T2);

        assertThat(table.rows("id, tier, _is_current", "id")).containsExactly("[1,gold,true]");
    }

    @ParameterizedTest
    @MethodSource("formats")
    void aBatchWithAKeyTwiceFailsTheWriteBeforeItCommitsAndNamesTheKeys(String format) {
        Table table = new Table(format);
        table.write(THREE, mode(WriteMode.MERGE, "id"), "run-1", T1);
        String twice = "SELECT * FROM VALUES (2, 'x', 1L), (2, 'y', 2L), (3, 'x', 1L), (3, 'y', 2L), (3, 'z', 3L),"
                + " (4, 'new', 4L) AS t(id, name, amount)";

        assertThatThrownBy(() -> table.write(twice, mode(WriteMode.MERGE, "id"), "run-2", T2))
                .isInstanceOf(StrataException.class)
                .hasMessageStartingWith(
                        "Cannot merge into " + table.ref.name() + ": the batch holds keys [id] more than once, e.g. ")
                .hasMessageContaining("(id=2) x2")
                .hasMessageContaining("(id=3) x3")
                .hasMessageNotContaining("id=4");

        assertThat(table.rows("id, name, amount", "id")).containsExactly("[1,a,10]", "[2,b,20]", "[3,c,30]");
    }

    @ParameterizedTest
    @MethodSource("formats")
    void scd2RefusesABatchWhoseKeyAlreadyHasTwoCurrentVersions(String format) {
        Table table = new Table(format);
        WriteSpec scd2 =
                new WriteSpec(WriteMode.SCD2, List.of("id"), List.of("tier"), null, null, null, null, null, null);
        table.write("SELECT * FROM VALUES (1, 'silver'), (2, 'gold'), (3, 'gold') AS t(id, tier)", scd2, "run-1", T1);
        // A second current version of key 1, as a writer outside the pipeline could leave it.
        table.write(
                "SELECT 1 AS id, 'bronze' AS tier, TIMESTAMP '2026-01-01 12:00:00' AS _valid_from,"
                        + " CAST(NULL AS TIMESTAMP) AS _valid_to, true AS _is_current",
                WriteSpec.APPEND,
                "outside",
                T1);

        assertThatThrownBy(() ->
                        table.write("SELECT * FROM VALUES (1, 'gold'), (2, 'gold') AS t(id, tier)", scd2, "run-2", T2))
                .isInstanceOf(StrataException.class)
                .hasMessage("SCD2 guard failed for " + table.ref.name() + ": keys [[1,2]] already have more than one"
                        + " current version, so the batch was not written (the table was changed outside this"
                        + " pipeline, or two writers raced; inspect it with strata sql, then repair it before the next"
                        + " run)");
        assertThat(table.count()).isEqualTo(4);
        // Key 3 has two current versions too, but it is not in the batch: the guard looks only at the batch's keys.
        table.write(
                "SELECT 3 AS id, 'silver' AS tier, TIMESTAMP '2026-01-01 12:00:00' AS _valid_from,"
                        + " CAST(NULL AS TIMESTAMP) AS _valid_to, true AS _is_current",
                WriteSpec.APPEND,
                "outside-2",
                T1);
        table.write("SELECT * FROM VALUES (2, 'platinum') AS t(id, tier)", scd2, "run-3", T3);
        assertThat(table.rows("id, tier, _is_current", "id, _valid_from"))
                .containsExactly(
                        "[1,silver,true]",
                        "[1,bronze,true]",
                        "[2,gold,false]",
                        "[2,platinum,true]",
                        "[3,gold,true]",
                        "[3,silver,true]");
    }

    @ParameterizedTest
    @MethodSource("formats")
    void strictEvolutionFailsWithTheColumnDiff(String format) {
        Table table = new Table(format);
        table.write(THREE, WriteSpec.APPEND, "run-1", T1);

        assertThatThrownBy(
                        () -> table.write("SELECT 4 AS id, 'd' AS name, 'x' AS extra", WriteSpec.APPEND, "run-2", T2))
                .isInstanceOf(StrataException.class)
                .hasMessageStartingWith("Cannot write " + table.ref.name()
                        + ": the input's columns differ from the table's [+ extra string, - amount bigint]");
    }

    @ParameterizedTest
    @MethodSource("formats")
    void aTypeChangeThatLosesDataIsAlwaysAnError(String format) {
        Table table = new Table(format);
        table.write(THREE, WriteSpec.APPEND, "run-1", T1);

        assertThatThrownBy(() -> table.write(
                        "SELECT 4 AS id, 'd' AS name, 'lots' AS amount",
                        WriteSpec.APPEND,
                        SchemaEvolution.ADD_COLUMNS,
                        "run-2",
                        T2))
                .hasMessageContaining("[~ amount bigint -> string]")
                .hasMessageContaining("a type change that could lose data is never applied");
        // A widening cast loses nothing: an int batch goes into the bigint column.
        table.write("SELECT 4 AS id, 'd' AS name, 40 AS amount", WriteSpec.APPEND, "run-3", T3);
        assertThat(table.rows("id, amount", "id")).containsExactly("[1,10]", "[2,20]", "[3,30]", "[4,40]");
    }

    @ParameterizedTest
    @MethodSource("formats")
    void addColumnsWidensTheTableNestedFieldsIncluded(String format) {
        Table table = new Table(format);
        table.write("SELECT 1 AS id, named_struct('city', 'Oslo') AS address", WriteSpec.APPEND, "run-1", T1);

        WriteResult widened = table.write(
                "SELECT 2 AS id, named_struct('city', 'Rome', 'zip', '00100') AS address, 'x' AS note",
                WriteSpec.APPEND,
                SchemaEvolution.ADD_COLUMNS,
                "run-2",
                T2);

        assertThat(widened.schemaChanges())
                .containsExactly("added column address.zip string", "added column note string");
        assertThat(table.rows("id, address.city, address.zip, note", "id"))
                .containsExactly("[1,Oslo,null,null]", "[2,Rome,00100,x]");
    }

    @ParameterizedTest
    @MethodSource("formats")
    void rescueKeepsTheSchemaAndUnknownFieldsAsJson(String format) {
        Table table = new Table(format);
        table.write("SELECT 1 AS id, 'a' AS name", WriteSpec.APPEND, SchemaEvolution.RESCUE, "run-1", T1);

        WriteResult rescued = table.write(
                "SELECT * FROM VALUES (2, 'b', 'x', 7), (3, 'c', CAST(NULL AS STRING), CAST(NULL AS INT))"
                        + " AS t(id, name, note, score)",
                WriteSpec.APPEND,
                SchemaEvolution.RESCUE,
                "run-2",
                T2);

        assertThat(rescued.schemaChanges())
                .containsExactly(
                        "rescued unknown column note into _rescued_data",
                        "rescued unknown column score into _rescued_data");
        assertThat(table.rows("id, name, _rescued_data", "id"))
                .containsExactly("[1,a,null]", "[2,b,{\"note\":\"x\",\"score\":7}]", "[3,c,null]");
    }

    @ParameterizedTest
    @MethodSource("formats")
    void ignoreDropsUnknownFieldsAndNamesThem(String format) {
        Table table = new Table(format);
        table.write("SELECT 1 AS id, 'a' AS name", WriteSpec.APPEND, "run-1", T1);

        WriteResult ignored = table.write(
                "SELECT 2 AS id, 'b' AS name, 'x' AS note", WriteSpec.APPEND, SchemaEvolution.IGNORE, "run-2", T2);

        assertThat(ignored.schemaChanges()).containsExactly("ignored unknown column note (not in the table)");
        assertThat(table.rows("*", "id")).containsExactly("[1,a]", "[2,b]");
    }

    @ParameterizedTest
    @MethodSource("formats")
    void maintainCompactsAndKeepsEveryRow(String format) {
        Table table = new Table(format);
        table.write(THREE, WriteSpec.APPEND, "run-1", T1);
        table.write(THREE, WriteSpec.APPEND, "run-2", T2);
        table.write(THREE, WriteSpec.APPEND, "run-3", T3);

        MaintenanceResult result = table.sink.maintain(spark, table.ref, java.time.Duration.ZERO);

        assertThat(result.detail()).isNotBlank();
        assertThat(table.count()).isEqualTo(9);
        assertThat(table.rows("id, name, amount", "id, amount"))
                .containsExactly(
                        "[1,a,10]",
                        "[1,a,10]",
                        "[1,a,10]",
                        "[2,b,20]",
                        "[2,b,20]",
                        "[2,b,20]",
                        "[3,c,30]",
                        "[3,c,30]",
                        "[3,c,30]");
    }
}
