package dev.strata.engine.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.crypto.KeyStore;
import dev.strata.core.plan.Planner;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.validate.PipelineLoader;
import dev.strata.engine.SharedSpark;
import dev.strata.engine.run.PipelineRunner;
import dev.strata.engine.run.RunListener;
import dev.strata.engine.run.TableLocations;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** strata_decrypt in SQL: by column name or named origin, only for granted keys, never across columns. */
class DecryptFunctionsIT {
    @TempDir
    Path dir;

    private final SparkSession spark = SharedSpark.session();

    @Test
    void decryptsGrantedColumnsAndRefusesAValueMovedToAnotherColumn() throws Exception {
        KeyStore keys = new KeyStore(dir.resolve("keys"), Map.of());
        keys.create("pii", "local", null, List.of("analyst"));
        Files.createDirectories(dir.resolve("in"));
        Files.writeString(
                dir.resolve("in/p.csv"),
                "id,email,phone\n1,alice@example.com,+4930123\n2,bob@example.com,+3315555\n",
                StandardCharsets.UTF_8);
        Files.writeString(
                dir.resolve("pipeline.yaml"),
                "name: decrypting\n"
                        + "sources:\n"
                        + "  raw: {format: csv, path: in/, options: {header: \"true\"},"
                        + " schema: \"id INT, email STRING, phone STRING\"}\n"
                        + "datasets:\n"
                        + "  bronze.people:\n"
                        + "    from: raw\n"
                        + "    encrypt: {columns: [email, phone], key: pii}\n",
                StandardCharsets.UTF_8);
        Pipeline pipeline = PipelineLoader.load(dir.resolve("pipeline.yaml"));
        new PipelineRunner(spark, pipeline, RunListener.NONE).withKeys(keys).run("r1", null, 0);
        new TableLocations(pipeline.spec().storage())
                .registerAll(spark, Planner.plan(pipeline.spec()).datasets());

        DecryptFunctions denied = DecryptFunctions.register(spark, pipeline, keys, "user:bob", List.of("user:bob"));
        assertThat(denied.available()).isFalse();

        DecryptFunctions functions =
                DecryptFunctions.register(spark, pipeline, keys, "user:alice", List.of("user:alice", "analyst"));
        assertThat(functions.available()).isTrue();
        List<Row> rows = spark.sql("SELECT id, strata_decrypt(email) AS email,"
                        + " strata_decrypt(p.phone, 'bronze.people.phone') AS phone FROM bronze.people p ORDER BY id")
                .collectAsList();
        assertThat(rows.stream()
                        .map(r -> r.get(0) + "|" + r.get(1) + "|" + r.get(2))
                        .toList())
                .containsExactly("1|alice@example.com|+4930123", "2|bob@example.com|+3315555");
        assertThat(functions.used()).containsExactly("bronze.people.email", "bronze.people.phone");
        assertThat(functions.usedKeys()).containsExactly("pii");
        assertThat(functions.decrypted())
                .as("2 rows, 2 columns: every decryption counted, re-evaluations by Spark too")
                .isGreaterThanOrEqualTo(4);

        assertThatThrownBy(() -> spark.sql("SELECT strata_decrypt(phone, 'bronze.people.email') FROM bronze.people")
                        .collectAsList())
                .as("a phone value read as an email does not authenticate")
                .hasStackTraceContaining("Cannot decrypt a value of bronze.people.email: it was not encrypted for"
                        + " that column by its key")
                .satisfies(e -> assertThat(stackTrace(e)).doesNotContain("+4930123"));
        assertThatThrownBy(() -> spark.sql("SELECT strata_decrypt(id) FROM bronze.people"))
                .hasStackTraceContaining("strata_decrypt cannot decrypt id: it is no column encrypted with a key"
                        + " user:alice is granted (granted: pii)");
    }

    private static String stackTrace(Throwable e) {
        java.io.StringWriter out = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }
}
