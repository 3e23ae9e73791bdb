package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.cli.doctor.CheckResult;
import dev.strata.cli.doctor.CheckResult.Status;
import dev.strata.store.MetadataRunStoreProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code strata doctor}: every check printed with its fix, and no secret in what it prints. */
class DoctorCommandTest {
    private static final String PASSWORD = "canary-db-password-0815";
    private static final String AWS_SECRET = "canary-aws-secret-0815";

    @TempDir
    Path dir;

    @Test
    void failsAnUnreachableStoreWithoutPrintingItsPasswordOrAnyCredential() throws IOException {
        Path pipeline = dir.resolve("pipeline.yaml");
        Files.writeString(pipeline, """
                name: shop
                targets:
                  prod:
                    storage: {root: ./prod-lake}
                sources:
                  orders: {format: csv, path: data/}
                datasets:
                  bronze.orders: {from: orders}
                """);
        Map<String, String> env = Map.of(
                // Nothing listens on port 1: the store cannot be reached.
                "STRATA_DB_URL",
                "postgresql://strata:" + PASSWORD + "@127.0.0.1:1/strata?password=" + PASSWORD,
                "AWS_ACCESS_KEY_ID",
                "AKIAIOSFODNN7EXAMPLE",
                "AWS_SECRET_ACCESS_KEY",
                AWS_SECRET);

        List<CheckResult> results = DoctorCommand.checks(pipeline, "prod", env, new MetadataRunStoreProvider(), dir);
        String printed = DoctorCommand.render(results);

        assertThat(results)
                .extracting(CheckResult::check, CheckResult::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("java", Status.OK),
                        org.assertj.core.groups.Tuple.tuple("store", Status.FAIL),
                        org.assertj.core.groups.Tuple.tuple("pipeline", Status.OK),
                        org.assertj.core.groups.Tuple.tuple("storage root", Status.OK),
                        org.assertj.core.groups.Tuple.tuple("credentials", Status.OK));
        assertThat(printed)
                .contains("FAIL  store         ")
                .contains("                    fix: check STRATA_DB_URL, STRATA_DB_USER and STRATA_DB_PASSWORD")
                .contains("OK    pipeline      shop, target prod, storage root " + dir.resolve("prod-lake"))
                .contains("OK    storage root  " + dir.resolve("prod-lake") + " does not exist yet")
                .endsWith("5 checks: 1 failed, 0 warned\n")
                .doesNotContain(PASSWORD)
                .doesNotContain(AWS_SECRET)
                .doesNotContain("AKIAIOSFODNN7EXAMPLE");
    }

    @Test
    void reportsAPipelineThatDoesNotLoadWithTheCommandThatShowsWhy() throws IOException {
        Path pipeline = dir.resolve("pipeline.yaml");
        Files.writeString(pipeline, "name: shop\ndatasets: {}\n");

        List<CheckResult> results = DoctorCommand.checks(
                pipeline,
                "prd",
                Map.of("STRATA_DB_URL", "postgresql://127.0.0.1:1/x"),
                new MetadataRunStoreProvider(),
                dir);

        CheckResult loaded = results.get(2);
        assertThat(loaded.status()).isEqualTo(Status.FAIL);
        assertThat(loaded.detail()).contains("unknown target 'prd'");
        assertThat(loaded.fix()).isEqualTo("strata validate " + pipeline + " --target prd");
    }
}
