package dev.strata.cli;

import static dev.strata.cli.RunCommandIT.strata;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.cli.RunCommandIT.Outcome;
import dev.strata.core.crypto.DecryptAudit;
import dev.strata.core.crypto.KeyStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code strata keys} and {@code strata_decrypt} end to end, in the key store of the build's STRATA_HOME (each test
 * names its keys uniquely).
 */
class KeysCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ME = "user:" + System.getProperty("user.name");

    @TempDir
    Path dir;

    private final String key = "k" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void createListRotateDisableAndEnableAKey() {
        Outcome created = strata("keys", "create", key);
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out())
                .startsWith("Created key " + key + " in ")
                .contains("(kms local, key-encryption key local:master.key; granted to " + ME + ")");

        Outcome rotated = strata("keys", "rotate", key);
        assertThat(rotated.exitCode()).as(rotated.err()).isZero();
        assertThat(rotated.out()).startsWith("Rotated key " + key + " to generation 2: new values use keys ");

        assertThat(strata("keys", "disable", key).exitCode()).isZero();
        Outcome listed = strata("keys", "list");
        assertThat(listed.out()).containsPattern(key + "\\s+local\\s+2\\s+\\d+\\s+\\d+\\s+disabled\\s+\\S+Z\\s+" + ME);
        assertThat(strata("keys", "enable", key).exitCode()).isZero();
        assertThat(strata("keys", "list").out()).containsPattern(key + "\\s+local\\s+2\\s+\\d+\\s+\\d+\\s+enabled");
    }

    @Test
    void badInputExitsTwoWithTheFix() {
        Outcome badName = strata("keys", "create", "../x");
        assertThat(badName.exitCode()).isEqualTo(2);
        assertThat(badName.err())
                .isEqualTo("strata: Cannot use key name '../x': use 1-64 letters, digits, '_' or '-', starting with a"
                        + " letter or digit\n");
        Outcome missing = strata("keys", "rotate", key);
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).startsWith("strata: Cannot find key '" + key + "' in ");
        assertThat(strata("keys", "create", key).exitCode()).isZero();
        Outcome twice = strata("keys", "create", key);
        assertThat(twice.exitCode()).isEqualTo(2);
        assertThat(twice.err()).contains("Cannot create key '" + key + "': it exists in ");
        Outcome badRole = strata("keys", "grant", key, "bad role");
        assertThat(badRole.exitCode()).isEqualTo(2);
        assertThat(badRole.err()).startsWith("strata: Cannot grant 'bad role': a role is letters");
        Outcome noKms = strata("keys", "create", key + "x", "--kms", "aws-kms", "--kek-uri", "aws-kms://arn:x");
        assertThat(noKms.exitCode()).isEqualTo(2);
        assertThat(noKms.err()).contains("Cannot use KMS 'aws-kms': no KeyProvider named aws-kms on the class path");
    }

    @Test
    void decryptIsAvailableOnlyWithAGrantAndEveryUseIsAudited() throws IOException {
        assertThat(strata("keys", "create", key).exitCode()).isZero();
        Path pipeline = dir.resolve("pipeline.yaml");
        Files.createDirectories(dir.resolve("in"));
        Files.writeString(
                dir.resolve("in/people.csv"),
                "id,email\n1,alice@example.com\n2,bob@example.com\n",
                StandardCharsets.UTF_8);
        Files.writeString(
                pipeline,
                "name: people\n"
                        + "sources:\n"
                        + "  raw: {format: csv, path: in/, options: {header: \"true\"}, schema: \"id INT, email STRING\"}\n"
                        + "datasets:\n"
                        + "  bronze.people:\n"
                        + "    from: raw\n"
                        + "    encrypt: {columns: [email], key: " + key + ", deterministic: true}\n",
                StandardCharsets.UTF_8);
        assertThat(strata("validate", pipeline.toString()).exitCode()).isZero();
        Outcome run = strata("run", pipeline.toString(), "--master", "local[2]", "--no-progress");
        assertThat(run.exitCode()).as(run.err()).isZero();

        Outcome stored =
                strata("sql", pipeline.toString(), "SELECT email FROM bronze.people ORDER BY id", "--format", "csv");
        assertThat(stored.out()).doesNotContain("alice").contains("email\n");

        Outcome clear = strata(
                "sql",
                pipeline.toString(),
                "SELECT id, strata_decrypt(email) AS email FROM bronze.people ORDER BY id",
                "--format",
                "csv");
        assertThat(clear.exitCode()).as(clear.err()).isZero();
        assertThat(clear.out()).isEqualTo("id,email\n1,alice@example.com\n2,bob@example.com\n");
        JsonNode entry = lastAudit();
        assertThat(entry.get("principal").asText()).isEqualTo(ME);
        assertThat(entry.get("columns").toString()).isEqualTo("[\"bronze.people.email\"]");
        assertThat(entry.get("keys").toString()).isEqualTo("[\"" + key + "\"]");
        assertThat(entry.get("values_decrypted").asLong()).isEqualTo(2);
        assertThat(entry.get("outcome").asText()).isEqualTo("ok");
        assertThat(entry.toString()).doesNotContain("alice@");

        assertThat(strata("keys", "revoke", key, ME).exitCode()).isZero();
        Outcome denied = strata(
                "sql", pipeline.toString(), "SELECT strata_decrypt(email) FROM bronze.people", "--format", "csv");
        assertThat(denied.exitCode()).isEqualTo(1);
        assertThat(denied.err())
                .isEqualTo("strata: Cannot run query: strata_decrypt is not available to " + ME + ": it is granted"
                        + " none of the keys this pipeline encrypts with (" + key + ") (ask a key admin to run strata"
                        + " keys grant " + key + " " + ME + ")\n");
        assertThat(lastAudit().get("outcome").asText()).isEqualTo("denied");

        assertThat(strata("keys", "disable", key).exitCode()).isZero();
        Outcome refused = strata("validate", pipeline.toString());
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err())
                .startsWith(pipeline + ":7:38: datasets.bronze.people.encrypt.key: key '" + key + "' is disabled");
    }

    @Test
    void theRoleOptionMasksWhatSqlAndProfilesShow() throws IOException {
        Path pipeline = dir.resolve("masked.yaml");
        Files.createDirectories(dir.resolve("in"));
        Files.writeString(
                dir.resolve("in/people.csv"),
                "id,email,country\n1,alice@example.com,DE\n2,bob@example.com,FR\n",
                StandardCharsets.UTF_8);
        Files.writeString(
                pipeline,
                "name: masked\n"
                        + "sources:\n"
                        + "  raw: {format: csv, path: in/, options: {header: \"true\"},"
                        + " schema: \"id INT, email STRING, country STRING\"}\n"
                        + "datasets:\n"
                        + "  bronze.people:\n"
                        + "    from: raw\n"
                        + "    access:\n"
                        + "      mask: {email: {viewer: last4, default: redact, owner: clear}}\n"
                        + "      row_filter: {viewer: \"country = 'DE'\"}\n",
                StandardCharsets.UTF_8);
        assertThat(strata("run", pipeline.toString(), "--master", "local[2]", "--no-progress")
                        .exitCode())
                .isZero();

        Outcome viewer = strata(
                "sql",
                pipeline.toString(),
                "SELECT id, email FROM bronze.people",
                "--role",
                "viewer",
                "--format",
                "csv");
        assertThat(viewer.out()).as(viewer.err()).isEqualTo("id,email\n1,****.com\n");
        Outcome owner = strata(
                "sql",
                pipeline.toString(),
                "SELECT id, email FROM bronze.people ORDER BY id",
                "--role",
                "owner",
                "--format",
                "csv");
        assertThat(owner.out()).isEqualTo("id,email\n1,alice@example.com\n2,bob@example.com\n");
        Outcome profile = strata("profile", pipeline.toString(), "--dataset", "bronze.people", "--format", "json");
        assertThat(profile.exitCode()).as(profile.err()).isZero();
        assertThat(profile.out())
                .as("the default role sees redacted emails")
                .contains("****")
                .doesNotContain("alice");
    }

    private static JsonNode lastAudit() throws IOException {
        Path file = DecryptAudit.fromEnvironment(System.getenv()).file();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return JSON.readTree(lines.get(lines.size() - 1));
    }

    static KeyStore store() {
        return KeyStore.fromEnvironment(System.getenv());
    }
}
