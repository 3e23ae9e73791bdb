package dev.strata.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spark-submit entry point, in its own JVM as spark-submit would start it. */
class RunnerMainIT {
    @TempDir
    Path dir;

    /** What the child JVM printed and returned. */
    record Exit(int code, String out, String err) {}

    private Exit runnerMain(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(System.getProperty("strata.test.jvm.opens", "").split(" ")));
        command.removeIf(String::isBlank);
        command.addAll(List.of(
                "-Dspark.master=local[1]",
                "-Dspark.ui.enabled=false",
                "-Dspark.driver.bindAddress=127.0.0.1",
                "-cp",
                System.getProperty("java.class.path"),
                RunnerMain.class.getName()));
        command.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process process = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES))
                .as("RunnerMain finished")
                .isTrue();
        return new Exit(
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void runsAPipelineAndPrintsItsOutcomeAsJson() throws Exception {
        Files.createDirectories(dir.resolve("in"));
        Files.writeString(dir.resolve("in/a.csv"), "id,n\n1,10\n2,x\n", StandardCharsets.UTF_8);
        Files.writeString(
                dir.resolve("p.yaml"),
                "name: tiny\n"
                        + "sources: {raw: {format: csv, path: in/, options: {header: \"true\"}, schema: \"id INT, n INT\"}}\n"
                        + "datasets: {bronze.t: {from: raw}}\n",
                StandardCharsets.UTF_8);

        Exit exit = runnerMain(dir.resolve("p.yaml").toString(), "--run-id", "submit-1");

        assertThat(exit.code()).as(exit.err()).isZero();
        JsonNode result = new ObjectMapper().readTree(exit.out());
        assertThat(result.get("run_id").asText()).isEqualTo("submit-1");
        JsonNode bronze = result.get("datasets").get(0);
        assertThat(bronze.get("rows_in").asLong()).isEqualTo(2);
        assertThat(bronze.get("rows_written").asLong()).isEqualTo(1);
        assertThat(bronze.get("rows_quarantined").asLong()).isEqualTo(1);
    }

    @Test
    void anInvalidFileExitsTwoWithLocatedProblems() throws Exception {
        Files.writeString(
                dir.resolve("bad.yaml"), "name: bad\ndatasets: {bronze.t: {form: raw}}\n", StandardCharsets.UTF_8);

        Exit exit = runnerMain(dir.resolve("bad.yaml").toString());

        assertThat(exit.code()).isEqualTo(2);
        assertThat(exit.err())
                .contains("bad.yaml:2:")
                .contains("unknown key 'form'")
                .doesNotContain("\tat ");
    }
}
