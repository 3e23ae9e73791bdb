package dev.strata.engine.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.crypto.ColumnCipher;
import dev.strata.core.crypto.KeyMetadata;
import dev.strata.core.crypto.KeyStore;
import dev.strata.core.run.RunResult;
import dev.strata.core.run.RunStatus;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.spec.PipelineValidationException;
import dev.strata.core.validate.PipelineLoader;
import dev.strata.engine.SharedSpark;
import dev.strata.engine.run.PipelineRunner;
import dev.strata.engine.run.RunListener;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Rotation, re-encryption under the new primary key (idempotent), and disabled keys, on real tables. */
class ReencryptionIT {
    @TempDir
    Path dir;

    private final SparkSession spark = SharedSpark.session();

    private Pipeline pipeline(String format) throws Exception {
        Files.createDirectories(dir.resolve("in"));
        Files.writeString(
                dir.resolve("pipeline.yaml"),
                "name: rotation\n"
                        + "storage: {root: lakehouse, format: " + format + "}\n"
                        + "sources:\n"
                        + "  raw: {format: csv, path: in/, options: {header: \"true\"}, schema: \"id INT, email STRING\"}\n"
                        + "datasets:\n"
                        + "  bronze.people:\n"
                        + "    from: raw\n"
                        + "    encrypt: {columns: [email], key: pii, deterministic: true}\n",
                StandardCharsets.UTF_8);
        return PipelineLoader.load(dir.resolve("pipeline.yaml"));
    }

    private void batch(String file, String... lines) throws Exception {
        Files.writeString(
                dir.resolve("in").resolve(file),
                "id,email\n" + String.join("\n", lines) + "\n",
                StandardCharsets.UTF_8);
    }

    private List<Row> table(String format) {
        return spark.read()
                .format(format)
                .load(dir.resolve("lakehouse/bronze/people").toString())
                .select("id", "email")
                .orderBy("id")
                .collectAsList();
    }

    private RunResult run(Pipeline pipeline, KeyStore keys, String runId) {
        return new PipelineRunner(spark, pipeline, RunListener.NONE)
                .withKeys(keys)
                .run(runId, null, 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"delta", "parquet"})
    void afterRotationOldRowsDecryptNewOnesUseTheNewKeyAndReencryptionAlignsThemOnce(String format) throws Exception {
        KeyStore keys = new KeyStore(dir.resolve("keys"), Map.of());
        KeyMetadata first = keys.create("pii", "local", null, List.of());
        Pipeline pipeline = pipeline(format);
        batch("a.csv", "1,alice@example.com", "2,bob@example.com");
        assertThat(run(pipeline, keys, "r1").status()).isEqualTo(RunStatus.SUCCEEDED);

        KeyMetadata rotated = keys.rotate("pii");
        batch("b.csv", "3,alice@example.com");
        assertThat(run(pipeline, keys, "r2").status()).isEqualTo(RunStatus.SUCCEEDED);

        ColumnCipher cipher = keys.open("pii").decrypter(true);
        List<Row> before = table(format);
        assertThat(before.stream().map(r -> ColumnCipher.keyId(r.getString(1))).toList())
                .as("rows 1 and 2 under the first key, row 3 under the new primary")
                .containsExactly(
                        first.deterministicPrimaryKeyId(),
                        first.deterministicPrimaryKeyId(),
                        rotated.deterministicPrimaryKeyId());
        assertThat(before.get(0).getString(1))
                .as("the same email under two keys: not joinable until re-encrypted")
                .isNotEqualTo(before.get(2).getString(1));
        for (Row row : before) {
            assertThat(cipher.decrypt(row.getString(1), "bronze.people.email")).endsWith("@example.com");
        }

        Reencryption.Result result = Reencryption.reencrypt(spark, pipeline, "bronze.people", keys);

        assertThat(result.written()).isTrue();
        assertThat(result.stale()).isEqualTo(2);
        List<Row> after = table(format);
        assertThat(after.stream().map(r -> ColumnCipher.keyId(r.getString(1))).collect(Collectors.toSet()))
                .isEqualTo(Set.of(rotated.deterministicPrimaryKeyId()));
        assertThat(after.get(0).getString(1))
                .as("equal emails, equal ciphertexts again")
                .isEqualTo(after.get(2).getString(1));
        assertThat(after.get(2).getString(1))
                .as("rows already under the primary are kept")
                .isEqualTo(before.get(2).getString(1));
        assertThat(after.stream().map(r -> decrypt(cipher, r)).toList())
                .containsExactly("1:alice@example.com", "2:bob@example.com", "3:alice@example.com");

        List<Path> filesBefore = files();
        Reencryption.Result again = Reencryption.reencrypt(spark, pipeline, "bronze.people", keys);

        assertThat(again.written()).as("the second run changes nothing").isFalse();
        assertThat(again.stale()).isZero();
        assertThat(files()).as("no new commit, no new file").isEqualTo(filesBefore);
    }

    @Test
    void aDisabledKeyRefusesTheRunWithALocatedError() throws Exception {
        KeyStore keys = new KeyStore(dir.resolve("keys"), Map.of());
        keys.create("pii", "local", null, List.of());
        keys.disable("pii");
        Pipeline pipeline = pipeline("delta");
        batch("a.csv", "1,alice@example.com");

        assertThatThrownBy(() -> run(pipeline, keys, "r1"))
                .isInstanceOf(PipelineValidationException.class)
                .hasMessage(dir.resolve("pipeline.yaml") + ":8:38: datasets.bronze.people.encrypt.key: key 'pii' is"
                        + " disabled: it encrypts nothing new (run strata keys enable pii, or use another key)");
        assertThat(dir.resolve("lakehouse/bronze/people")).doesNotExist();
    }

    @Test
    void anUnknownColumnFailsTheDatasetWithItsPlaceInTheFile() throws Exception {
        KeyStore keys = new KeyStore(dir.resolve("keys"), Map.of());
        keys.create("pii", "local", null, List.of());
        Path file = dir.resolve("pipeline.yaml");
        pipeline("delta");
        Files.writeString(file, Files.readString(file).replace("columns: [email]", "columns: [emial]"));
        batch("a.csv", "1,alice@example.com");

        RunResult result = run(PipelineLoader.load(file), keys, "r1");

        assertThat(result.datasets().get(0).status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.datasets().get(0).message())
                .isEqualTo(file + ":8:25: datasets.bronze.people.encrypt.columns[0]: Cannot encrypt"
                        + " bronze.people.emial: the dataset has no such column (did you mean email?)");
    }

    private static String decrypt(ColumnCipher cipher, Row row) {
        try {
            return row.get(0) + ":" + cipher.decrypt(row.getString(1), "bronze.people.email");
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private List<Path> files() throws java.io.IOException {
        try (var all = Files.walk(dir.resolve("lakehouse/bronze/people"))) {
            return all.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
