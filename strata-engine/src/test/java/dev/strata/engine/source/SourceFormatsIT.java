package dev.strata.engine.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.spec.SourceFormat;
import dev.strata.core.spec.SourceSpec;
import dev.strata.engine.SharedSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every source format reads real files and tables written by the real format libraries. */
class SourceFormatsIT {
    private static SparkSession spark;
    private static Dataset<Row> people;

    @TempDir
    static Path dir;

    @BeforeAll
    static void fixtures() {
        spark = SharedSpark.session();
        people = spark.sql("SELECT * FROM VALUES (1, 'ada', 10), (2, 'ben', 20), (3, 'cy', 30) AS t(id, name, score)");
    }

    private static List<String> names(SourceRead read) {
        return read.rows()
                .orderBy("id")
                .select("name")
                .as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList();
    }

    private static SourceRead read(SourceFormat format, String path, List<String> files) {
        return Sources.forFormat(format.id()).read(spark, SourceSpec.ofPath(format, path), files);
    }

    @Test
    void readsParquetAndOrcFiles() {
        for (SourceFormat format : List.of(SourceFormat.PARQUET, SourceFormat.ORC)) {
            String path = dir.resolve(format.id()).toString();
            people.coalesce(1).write().format(format.id()).save(path);
            List<String> files = SourceFiles.list(spark, path);
            assertThat(files).as(format.id()).hasSize(1);
            SourceRead read = read(format, path, files);
            assertThat(read.mayHaveMalformed()).isFalse();
            assertThat(names(read)).as(format.id()).containsExactly("ada", "ben", "cy");
            assertThat(read.rows().select(SourceRead.SOURCE_FILE).first().getString(0))
                    .endsWith(files.get(0).substring(files.get(0).lastIndexOf('/')));
        }
    }

    @Test
    void readsMultiLineJsonWithTheOptionPassedThrough() throws Exception {
        Path file = dir.resolve("multi/people.json");
        Files.createDirectories(file.getParent());
        Files.writeString(
                file,
                "[\n  {\"id\": 1, \"name\": \"ada\"},\n  {\"id\": 2,\n   \"name\": \"ben\"}\n]\n",
                StandardCharsets.UTF_8);
        SourceSpec spec = new SourceSpec(
                SourceFormat.JSON,
                file.getParent().toString(),
                Map.of("multiLine", "true"),
                "id INT, name STRING",
                null,
                null,
                null,
                null,
                null,
                null);
        SourceRead read = Sources.forFormat("json").read(spark, spec, List.of(file.toString()));
        Dataset<Row> rows = read.rows().cache();
        assertThat(rows.filter(SourceRead.RAW_RECORD + " IS NULL").count()).isEqualTo(2);
        assertThat(rows.orderBy("id")
                        .select("name")
                        .as(org.apache.spark.sql.Encoders.STRING())
                        .collectAsList())
                .containsExactly("ada", "ben");
        rows.unpersist(true);
    }

    @Test
    void readsADeltaTableByPathAtAVersion() {
        String path = dir.resolve("delta").toString();
        people.filter("id = 1").write().format("delta").save(path);
        people.filter("id > 1").write().format("delta").mode("append").save(path);
        assertThat(names(read(SourceFormat.DELTA, path, List.of()))).containsExactly("ada", "ben", "cy");
        SourceSpec versionZero =
                new SourceSpec(SourceFormat.DELTA, path, Map.of(), null, null, null, null, null, 0L, null);
        assertThat(names(Sources.forFormat("delta").read(spark, versionZero, List.of())))
                .containsExactly("ada");
    }

    @Test
    void readsAnIcebergTableByPath() {
        spark.sql("CREATE TABLE strata_iceberg.src.people USING iceberg AS SELECT * FROM VALUES"
                + " (1, 'ada', 10), (2, 'ben', 20) AS t(id, name, score)");
        String location = spark.sql("DESCRIBE TABLE EXTENDED strata_iceberg.src.people")
                .filter("col_name = 'Location'")
                .first()
                .getString(1);
        assertThat(names(read(SourceFormat.ICEBERG, location, List.of()))).containsExactly("ada", "ben");
    }

    @Test
    void readsAHudiTableByPath() {
        String path = dir.resolve("hudi").toString();
        writeHudi(people, path, "overwrite");
        SourceRead current = read(SourceFormat.HUDI, path, List.of());
        assertThat(names(current)).containsExactly("ada", "ben", "cy");
        assertThat(current.rows().columns()).noneMatch(c -> c.startsWith("_hoodie_"));

        String firstInstant = spark.read()
                .format("hudi")
                .load(path)
                .select("_hoodie_commit_time")
                .first()
                .getString(0);
        writeHudi(people.limit(1).selectExpr("4 AS id", "'dee' AS name", "score"), path, "append");
        SourceSpec asOfFirst = new SourceSpec(
                SourceFormat.HUDI, path, Map.of(), null, null, null, null, null, Long.parseLong(firstInstant), null);
        assertThat(names(Sources.forFormat("hudi").read(spark, asOfFirst, List.of())))
                .as("as_of_version is a Hudi commit instant")
                .containsExactly("ada", "ben", "cy");
        assertThat(names(read(SourceFormat.HUDI, path, List.of()))).containsExactly("ada", "ben", "cy", "dee");
    }

    private static void writeHudi(Dataset<Row> rows, String path, String mode) {
        rows.write()
                .format("hudi")
                .option("hoodie.table.name", "people")
                .option("hoodie.datasource.write.recordkey.field", "id")
                .option("hoodie.datasource.write.precombine.field", "score")
                .option("hoodie.datasource.write.partitionpath.field", "")
                .option(
                        "hoodie.datasource.write.keygenerator.class",
                        "org.apache.hudi.keygen.NonpartitionedKeyGenerator")
                .mode(mode)
                .save(path);
    }
}
