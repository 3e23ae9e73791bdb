package dev.strata.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.run.DatasetResult;
import dev.strata.core.run.RuleResult;
import dev.strata.core.run.RuleStatus;
import dev.strata.core.run.RunResult;
import dev.strata.core.run.RunStatus;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.validate.PipelineLoader;
import dev.strata.engine.SharedSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How rules, transforms and write modes decide each row's fate, on a seven-row batch. */
class DatasetOutcomesIT {
    private static final String SOURCE = "name: outcomes\n"
            + "sources:\n"
            + "  raw: {format: csv, path: in/, options: {header: \"true\"},"
            + " schema: \"id INT, email STRING, amount INT, kind STRING\"}\n"
            + "datasets:\n"
            + "  bronze.orders:\n"
            + "    from: raw\n";

    private static final String RULES = "    transform:\n"
            + "      - filter: \"kind <> 'test'\"\n"
            + "    expect:\n"
            + "      - {rule: regex, column: email, pattern: '^[^@]+@[^@]+$', on_fail: quarantine}\n"
            + "      - {rule: expression, expression: \"amount >= 0\", on_fail: drop}\n"
            + "      - {rule: unique, column: id, on_fail: warn}\n"
            + "      - {rule: not_null, column: email, on_fail: fail, mostly: 0.5}\n"
            + "    write: {mode: overwrite, partition_by: [kind]}\n";

    @TempDir
    Path dir;

    private final SparkSession spark = SharedSpark.session();

    private Pipeline pipeline(String yaml) throws Exception {
        Path file = dir.resolve("pipeline.yaml");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return PipelineLoader.load(file);
    }

    private void csv(String name, String... lines) throws Exception {
        Files.createDirectories(dir.resolve("in"));
        Files.writeString(
                dir.resolve("in").resolve(name),
                "id,email,amount,kind\n" + String.join("\n", lines) + "\n",
                StandardCharsets.UTF_8);
    }

    private DatasetResult run(Pipeline pipeline, String runId) {
        RunResult result = new PipelineRunner(spark, pipeline, RunListener.NONE).run(runId, null, 0);
        return result.datasets().get(0);
    }

    private List<Row> table(String name) {
        return spark.read()
                .format("delta")
                .load(dir.resolve("lakehouse").resolve(name).toString())
                .collectAsList();
    }

    @Test
    void quarantineWinsOverDropAndEveryBrokenRuleIsListed() throws Exception {
        csv(
                "a.csv",
                "1,a@x.com,10,retail",
                "2,bad,20,retail",
                "3,c@x.com,-5,retail",
                "4,bad,-1,retail",
                "5,e@x.com,30,test",
                "6,f@x.com,40,retail",
                "6,g@x.com,41,retail");

        DatasetResult result = run(pipeline(SOURCE + RULES), "r1");

        assertThat(result.status()).as(result.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(new long[] {result.rowsIn(), result.rowsWritten(), result.rowsQuarantined(), result.rowsDropped()})
                .as(
                        "in, written, quarantined, dropped: the test row is filtered, id 3 dropped, ids 2 and 4 quarantined")
                .containsExactly(7, 3, 2, 2);
        assertThat(result.rowsConserved()).isTrue();
        Map<String, RuleResult> rules = result.rules().stream().collect(Collectors.toMap(RuleResult::name, r -> r));
        assertThat(rules.get("regex(email)").failed()).isEqualTo(2);
        assertThat(rules.get("expression").failed()).isEqualTo(2);
        assertThat(rules.get("unique(id)").failed()).as("both rows of id 6").isEqualTo(2);
        assertThat(rules.get("unique(id)").status()).isEqualTo(RuleStatus.WARNED);
        assertThat(rules.get("not_null(email)").status()).isEqualTo(RuleStatus.PASSED);

        Map<Integer, List<Object>> quarantined = table("bronze/orders__quarantine").stream()
                .collect(Collectors.toMap(
                        r -> r.getInt(r.fieldIndex("id")), r -> r.getList(r.fieldIndex("_failed_rules"))));
        assertThat(quarantined)
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(2, List.of("regex(email)"), 4, List.of("regex(email)", "expression")));
        assertThat(table("bronze/orders")).extracting(r -> r.getInt(0)).containsExactlyInAnyOrder(1, 6, 6);
    }

    @Test
    void overwriteWithPartitionsReplacesOnlyThePartitionsWritten() throws Exception {
        csv("a.csv", "1,a@x.com,10,retail", "2,b@x.com,20,retail");
        Pipeline pipeline = pipeline(SOURCE + RULES);
        run(pipeline, "r1");
        csv("b.csv", "7,h@x.com,5,wholesale");

        DatasetResult second = run(pipeline, "r2");

        assertThat(second.rowsWritten()).isEqualTo(1);
        assertThat(table("bronze/orders"))
                .extracting(r -> r.getInt(0) + ":" + r.getString(r.fieldIndex("kind")))
                .containsExactlyInAnyOrder("1:retail", "2:retail", "7:wholesale");
    }

    @Test
    void strictSchemaFailsWithTheColumnDiffAndAddColumnsWidensTheTable() throws Exception {
        csv("a.csv", "1,a@x.com,10,retail");
        run(pipeline(SOURCE + "    write: {mode: append}\n"), "r1");
        csv("b.csv", "2,b@x.com,20,retail");
        String widened = SOURCE + "    transform: [{derive: {amount_eur: \"amount * 0.9\"}}]\n";

        DatasetResult strict = run(pipeline(widened + "    write: {mode: append}\n"), "r2");

        assertThat(strict.status()).isEqualTo(RunStatus.FAILED);
        assertThat(strict.message())
                .isEqualTo("Cannot write bronze.orders: the input's columns differ from the table's"
                        + " [+ amount_eur decimal(12,1)] (set schema_evolution: add_columns to widen the table, rescue"
                        + " to keep the unknown fields as JSON, or ignore to drop them)");

        DatasetResult added =
                run(pipeline(widened + "    schema_evolution: add_columns\n    write: {mode: append}\n"), "r3");

        assertThat(added.status()).as(added.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(added.rowsWritten())
                .as("b.csv, which the failed run did not consume")
                .isEqualTo(1);
        assertThat(table("bronze/orders")).hasSize(2);
        assertThat(spark.read()
                        .format("delta")
                        .load(dir.resolve("lakehouse/bronze/orders").toString())
                        .columns())
                .contains("amount_eur");
    }

    @Test
    void aQueryNamingAMissingColumnFailsItsDatasetAndTheRunIsRecorded() throws Exception {
        csv("a.csv", "1,a@x.com,10,retail");
        Pipeline pipeline = pipeline(SOURCE
                + "  gold.totals:\n"
                + "    sql: SELECT no_such_column FROM bronze.orders\n"
                + "    write: {mode: overwrite}\n");

        RunResult result = new PipelineRunner(spark, pipeline, RunListener.NONE).run("r1", null, 0);

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.datasets().get(0).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(result.datasets().get(1).message())
                .startsWith("Cannot build gold.totals: [UNRESOLVED_COLUMN.WITH_SUGGESTION]")
                .contains("no_such_column");
        assertThat(dir.resolve("lakehouse/_strata/runs/r1.json")).exists();
    }

    @Test
    void anEmptySourceFolderSaysSoAndItsDownstreamIsNotToldToBuildIt() throws Exception {
        Files.createDirectories(dir.resolve("in"));
        Files.writeString(dir.resolve("in/_SUCCESS"), "");
        Pipeline pipeline = pipeline(SOURCE
                + "    write: {mode: append}\n"
                + "  silver.orders:\n"
                + "    from: bronze.orders\n"
                + "  gold.totals:\n"
                + "    sql: SELECT count(*) AS orders FROM bronze.orders\n"
                + "    write: {mode: overwrite}\n");

        RunResult result = new PipelineRunner(spark, pipeline, RunListener.NONE).run("r1", null, 0);

        String source = dir.resolve("in").toAbsolutePath().normalize().toString();
        String table = dir.resolve("lakehouse/bronze/orders")
                .toAbsolutePath()
                .normalize()
                .toString();
        String reason = " (bronze.orders has had no input: source raw at " + source + " holds no data file; put"
                + " files there, or correct sources.raw.path)";
        assertThat(result.datasets())
                .extracting(d -> d.dataset() + " " + d.status() + " " + d.rowsIn() + ": " + d.message())
                .containsExactly(
                        "bronze.orders SUCCEEDED 0: no input: source raw at " + source + " holds no data file",
                        "silver.orders FAILED 0: Cannot read bronze.orders: its table does not exist yet at " + table
                                + reason,
                        "gold.totals FAILED 0: Cannot read bronze.orders: its table does not exist yet at " + table
                                + reason);
        assertThat(result.datasets()).allMatch(DatasetResult::rowsConserved);
    }
}
