package dev.strata.engine.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.ledger.Ledger;
import dev.strata.core.run.RunResult;
import dev.strata.core.run.RunStatus;
import dev.strata.core.validate.PipelineLoader;
import dev.strata.engine.RunnerMain;
import dev.strata.engine.SharedSpark;
import dev.strata.engine.run.PipelineRunner;
import dev.strata.engine.run.RunListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials reach the store the way a user passes them, and never come back out: not in the run record on the
 * store, not in what the engine prints, not in any exception. Each secret is a random canary that the test looks for.
 */
@ExtendWith({S3ProxyExtension.class, AzuriteExtension.class})
class CloudCredentialsIT {
    private final SparkSession spark = SharedSpark.session();

    @TempDir
    Path dir;

    /** One good dataset and one whose rule fails, so that the run record carries a failure message. */
    private static String pipelineYaml(String root) {
        return "name: credentials\n"
                + "storage: {root: \"" + root + "/lakehouse\"}\n"
                + "sources: {raw: {format: csv, path: \"" + root + "/in/\", options: {header: \"true\"},"
                + " schema: \"id INT, n INT\"}}\n"
                + "datasets:\n"
                + "  bronze.t: {from: raw}\n"
                + "  silver.t:\n"
                + "    from: bronze.t\n"
                + "    expect: [{rule: row_count, min: 100, on_fail: fail}]\n";
    }

    private Path pipelineFile(String root) throws IOException {
        Path file = dir.resolve("pipeline.yaml");
        Files.writeString(file, pipelineYaml(root), StandardCharsets.UTF_8);
        return file;
    }

    private Configuration conf() {
        return spark.sparkContext().hadoopConfiguration();
    }

    private void write(String location, String text) throws IOException {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(location);
        FileSystem fs = path.getFileSystem(conf());
        // WASB's create() fails on a container that does not exist yet; mkdirs creates it.
        fs.mkdirs(path.getParent());
        try (var out = fs.create(path, true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private String read(String location) throws IOException {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(location);
        FileSystem fs = path.getFileSystem(conf());
        try (InputStream in = fs.open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The message of the throwable and of every cause, and the printed stack trace. */
    private static String everythingPrinted(Throwable thrown) {
        StringWriter trace = new StringWriter();
        thrown.printStackTrace(new PrintWriter(trace));
        return trace.toString();
    }

    @Test
    void s3CredentialsFromTheEnvironmentReachTheStoreAndNeverComeBackOut(S3Proxy s3) throws Exception {
        s3.configure(conf());
        String root = s3.newRoot("credentials");
        write(root + "/in/a.csv", "id,n\n1,10\n2,20\n");

        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(System.getProperty("strata.test.jvm.opens", "").split(" ")));
        command.removeIf(String::isBlank);
        command.addAll(List.of(
                "-Xmx1g",
                "-Dspark.master=local[1]",
                "-Dspark.ui.enabled=false",
                "-Dspark.driver.bindAddress=127.0.0.1"));
        // The endpoint is a session setting (spark.hadoop.*); the credentials come only from the environment.
        s3.endpointSettings(S3Proxy.BUCKET).forEach((key, value) -> command.add("-Dspark.hadoop." + key + "=" + value));
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                RunnerMain.class.getName(),
                pipelineFile(root).toString(),
                "--run-id",
                "env-credentials"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.put("AWS_ACCESS_KEY_ID", S3Proxy.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", s3.secretKey());
        Process process = builder.start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES))
                .as("RunnerMain finished")
                .isTrue();
        String out = Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
        String err = Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8);

        assertThat(process.exitValue())
                .as("one dataset fails on purpose; stderr:\n%s", err)
                .isEqualTo(1);
        JsonNode datasets = Ledger.json().readTree(out).path("datasets");
        assertThat(datasets).as(out).hasSize(2);
        assertThat(datasets.get(0).get("rows_written").asLong()).isEqualTo(2);
        assertThat(datasets.get(1).get("status").asText()).isEqualTo("FAILED");
        String record = read(root + "/lakehouse/_strata/runs/env-credentials.json");
        assertThat(record).contains("row_count");
        assertThat(List.of(out, err, record))
                .as("the secret key appears nowhere")
                .noneMatch(text -> text.contains(s3.secretKey()));
    }

    @Test
    void aWrongS3SecretFailsTheRunWithoutEchoingIt(S3Proxy s3) throws Exception {
        String bucket = "strata-denied";
        String wrongSecret = "canary-wrong-secret-" + UUID.randomUUID();
        s3.endpointSettings(bucket).forEach(conf()::set);
        conf().set("fs.s3a.bucket." + bucket + ".access.key", S3Proxy.ACCESS_KEY);
        conf().set("fs.s3a.bucket." + bucket + ".secret.key", wrongSecret);
        PipelineRunner runner = new PipelineRunner(
                spark, PipelineLoader.load(pipelineFile("s3a://" + bucket + "/lake")), RunListener.NONE);

        Throwable thrown = catchThrowable(() -> runner.run("wrong-secret", null, 0));

        assertThat(thrown)
                .as("refused by the store")
                .hasMessageStartingWith(
                        "Cannot read the run ledger at s3a://strata-denied/lake/lakehouse/_strata/ledger/");
        assertThat(everythingPrinted(thrown)).contains("403").doesNotContain(wrongSecret);
    }

    @Test
    void anAzureAccountKeyNeverReachesTheRunRecordOrItsErrors(Azurite azure) throws Exception {
        conf().set(Azurite.keySetting(Azurite.CANARY_ACCOUNT), azure.canaryKey());
        String root = "wasb://audit@" + Azurite.CANARY_ACCOUNT + ".blob.core.windows.net/credentials";
        write(root + "/in/a.csv", "id,n\n1,10\n2,20\n");

        RunResult run = new PipelineRunner(spark, PipelineLoader.load(pipelineFile(root)), RunListener.NONE)
                .run("account-key", null, 0);

        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.datasets().get(0).rowsWritten()).isEqualTo(2);
        String record = read(root + "/lakehouse/_strata/runs/account-key.json");
        assertThat(record).contains("row_count").doesNotContain(azure.canaryKey());
    }

    @Test
    void aWrongAzureKeyFailsTheRunWithoutEchoingIt(Azurite azure) throws Exception {
        String wrongKey = java.util.Base64.getEncoder()
                .encodeToString(("canary-wrong-key-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
        conf().set(Azurite.keySetting(Azurite.DENIED_ACCOUNT), wrongKey);
        String root = "wasb://audit@" + Azurite.DENIED_ACCOUNT + ".blob.core.windows.net/credentials";
        PipelineRunner runner = new PipelineRunner(spark, PipelineLoader.load(pipelineFile(root)), RunListener.NONE);

        Throwable thrown = catchThrowable(() -> runner.run("wrong-key", null, 0));

        assertThat(thrown).as("refused by the store").isNotNull();
        assertThat(thrown.getMessage()).contains(Azurite.DENIED_ACCOUNT);
        assertThat(everythingPrinted(thrown)).doesNotContain(wrongKey);
    }
}
