package dev.strata.engine.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.access.DataAccess;
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
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** access: policies on a real table, through SQL names as strata sql, profiles and reports read them. */
class MaskingIT {
    @TempDir
    Path dir;

    private final SparkSession spark = SharedSpark.session();

    @Test
    void eachRoleSeesItsMasksAndRowsAndTheQuarantineHidesRawRecords() throws Exception {
        Files.createDirectories(dir.resolve("in"));
        Files.writeString(
                dir.resolve("in/c.csv"),
                "id,email,phone,country\n"
                        + "1,alice@example.com,+49301234567,DE\n"
                        + "2,bob@example.com,+33155550123,FR\n"
                        + "3,carol@example.com,x,DE\n",
                StandardCharsets.UTF_8);
        Files.writeString(
                dir.resolve("pipeline.yaml"),
                "name: masked\n"
                        + "sources:\n"
                        + "  raw: {format: csv, path: in/, options: {header: \"true\"},"
                        + " schema: \"id INT, email STRING, phone STRING, country STRING\"}\n"
                        + "datasets:\n"
                        + "  silver.customers:\n"
                        + "    from: raw\n"
                        + "    expect: [{rule: regex, column: phone, pattern: '^[+][0-9]+$', on_fail: quarantine}]\n"
                        + "    access:\n"
                        + "      mask:\n"
                        + "        email: {viewer: hash, analyst: clear, default: redact}\n"
                        + "        phone: {viewer: last4, default: \"null\"}\n"
                        + "        id: {viewer: \"id * 100\"}\n"
                        + "      row_filter: {viewer: \"country = 'DE'\"}\n",
                StandardCharsets.UTF_8);
        Pipeline pipeline = PipelineLoader.load(dir.resolve("pipeline.yaml"));
        new PipelineRunner(spark, pipeline, RunListener.NONE).run("r1", null, 0);

        assertThat(rows(pipeline, "viewer", "SELECT id, email, phone FROM silver.customers ORDER BY id"))
                .containsExactly("100|" + "ff8d9819fc0e12bf0d24892e45987e249a28dce836a85cad60e28eaaa8c6d976|****4567");
        assertThat(rows(pipeline, "analyst", "SELECT id, email, phone FROM silver.customers ORDER BY id"))
                .containsExactly("1|alice@example.com|null", "2|bob@example.com|null");
        assertThat(rows(pipeline, "default", "SELECT email FROM silver.customers__quarantine"))
                .containsExactly("****");
        assertThat(rows(pipeline, "analyst", "SELECT id, email FROM silver.customers__quarantine"))
                .as("the quarantine follows the dataset's policies")
                .containsExactly("3|carol@example.com");
        assertThat(rows(pipeline, "viewer", "SELECT id FROM silver.customers__quarantine"))
                .as("a viewer sees German quarantined rows, masked")
                .containsExactly("300");

        DataAccess viewer = DataAccess.resolve(
                pipeline.spec().datasets().get("silver.customers").access(), "viewer");
        List<Row> applied = Masking.apply(
                        spark.read()
                                .format("delta")
                                .load(dir.resolve("lakehouse/silver/customers").toString()),
                        viewer)
                .select("phone")
                .collectAsList();
        assertThat(applied).extracting(r -> r.getString(0)).containsExactly("****4567");
    }

    private List<String> rows(Pipeline pipeline, String role, String query) {
        TableLocations locations = new TableLocations(pipeline.spec().storage());
        var plans = Planner.plan(pipeline.spec()).datasets();
        locations.registerAll(spark, plans);
        Masking.restrictAll(spark, locations, plans, role);
        try {
            return spark.sql(query).collectAsList().stream()
                    .map(r -> {
                        StringBuilder out = new StringBuilder();
                        for (int i = 0; i < r.size(); i++) {
                            out.append(i == 0 ? "" : "|").append(r.get(i));
                        }
                        return out.toString();
                    })
                    .toList();
        } finally {
            spark.sql("DROP VIEW IF EXISTS silver.customers");
            spark.sql("DROP VIEW IF EXISTS silver.customers__quarantine");
            spark.sql("DROP TABLE IF EXISTS silver.__strata_unmasked_customers");
            spark.sql("DROP TABLE IF EXISTS silver.__strata_unmasked_customers__quarantine");
        }
    }
}
