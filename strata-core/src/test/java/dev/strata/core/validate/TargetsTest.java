package dev.strata.core.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.strata.core.spec.AllowedRoots;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.spec.PipelineValidationException;
import dev.strata.core.spec.Problem;
import dev.strata.core.spec.SparkSpec;
import dev.strata.core.spec.TableFormat;
import dev.strata.core.spec.Variables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetsTest {
    private static final String DATASETS = """
            sources:
              orders: {format: csv, path: data/}
            datasets:
              bronze.orders: {from: orders}
            """;

    private static final String WITH_TARGETS = """
            name: shop
            storage: {root: ./lakehouse}
            targets:
              dev:
                storage: {root: ./lakehouse-dev}
                spark: {master: "local[2]", conf: {spark.sql.shuffle.partitions: "2"}}
              prod:
                storage: {root: "s3a://${PROD_BUCKET}/lake", format: iceberg}
                spark: {master: "spark://spark.internal:7077"}
            """ + DATASETS;

    @TempDir
    Path dir;

    private Pipeline load(String yaml, String target, Map<String, String> env) throws IOException {
        Path file = dir.resolve("pipeline.yaml");
        Files.writeString(file, yaml);
        return PipelineLoader.load(file, file, Variables.environment(env), AllowedRoots.any(), target);
    }

    private List<String> problems(String yaml, String target, Map<String, String> env) {
        PipelineValidationException e =
                catchThrowableOfType(PipelineValidationException.class, () -> load(yaml, target, env));
        assertThat(e).as("expected the pipeline to be rejected").isNotNull();
        return e.problems().stream()
                .map(Problem::toString)
                .map(line -> line.replace(dir + "/", ""))
                .toList();
    }

    @Test
    void keepsThePipelinesOwnStorageWithoutATarget() throws IOException {
        Pipeline pipeline = load(WITH_TARGETS, null, Map.of());

        assertThat(pipeline.target()).isNull();
        assertThat(pipeline.spec().storage().root())
                .isEqualTo(dir.resolve("lakehouse").toString());
        assertThat(pipeline.spark()).isEqualTo(SparkSpec.NONE);
        assertThat(pipeline.spec().targets()).containsOnlyKeys("dev", "prod");
    }

    @Test
    void replacesStorageAndSparkWithTheChosenTargets() throws IOException {
        Pipeline dev = load(WITH_TARGETS, "dev", Map.of());
        Pipeline prod = load(WITH_TARGETS, "prod", Map.of("PROD_BUCKET", "acme"));

        assertThat(dev.target()).isEqualTo("dev");
        assertThat(dev.spec().storage().root())
                .isEqualTo(dir.resolve("lakehouse-dev").toString());
        assertThat(dev.spec().storage().format()).isEqualTo(TableFormat.DELTA);
        assertThat(dev.spark().master()).isEqualTo("local[2]");
        assertThat(dev.spark().conf()).containsExactly(Map.entry("spark.sql.shuffle.partitions", "2"));
        assertThat(prod.spec().storage().root()).isEqualTo("s3a://acme/lake");
        assertThat(prod.spec().storage().format()).isEqualTo(TableFormat.ICEBERG);
        assertThat(prod.spark().master()).isEqualTo("spark://spark.internal:7077");
    }

    @Test
    void leavesTheReferencesOfOtherTargetsAsWritten() {
        // PROD_BUCKET is not set: a dev run does not need it, a prod run does, and is told where.
        assertThat(problems(WITH_TARGETS, "prod", Map.of()))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith("pipeline.yaml:8:21: targets.prod.storage.root: ")
                .contains("PROD_BUCKET");
    }

    @Test
    void rejectsAnUnknownTargetListingTheKnownOnes() {
        assertThat(problems(WITH_TARGETS, "prd", Map.of()))
                .containsExactly("pipeline.yaml:3:1: targets: unknown target 'prd': the targets are dev, prod"
                        + " (did you mean 'prod'?; choose one with --target or STRATA_TARGET)");
    }

    @Test
    void rejectsATargetWhenNoneIsDefined() {
        assertThat(problems("name: shop\n" + DATASETS, "dev", Map.of()))
                .containsExactly("pipeline.yaml: targets: unknown target 'dev': no targets are defined (add a"
                        + " targets: section, or a strata.yaml beside the pipeline) (choose one with --target or"
                        + " STRATA_TARGET)");
    }

    @Test
    void reportsEachProblemOfATargetAtItsLocation() {
        String yaml = """
                name: shop
                targets:
                  dev:
                    storage: {rot: ./x}
                    spark:
                      master: localhost
                      conf: {spark.hadoop.fs.s3a.secret.key: abc123}
                  prod:
                    storage:
                      iceberg: {type: rest}
                """ + DATASETS;

        assertThat(problems(yaml, null, Map.of()))
                .containsExactly(
                        "pipeline.yaml:4:15: targets.dev.storage.rot: unknown key 'rot' (did you mean 'root'?)",
                        "pipeline.yaml:6:15: targets.dev.spark.master: invalid Spark master 'localhost' (local[*],"
                                + " local[2], spark://host:7077, k8s://https://host:443 or yarn)",
                        "pipeline.yaml:7:46: targets.dev.spark.conf.spark.hadoop.fs.s3a.secret.key: a literal"
                                + " credential (write ${secret:NAME} and keep the value in a secret store)",
                        "pipeline.yaml:10:16: targets.prod.storage.iceberg: an Iceberg rest catalog needs 'uri' (e.g."
                                + " uri: https://catalog.example.com/api/catalog)");
    }

    @Test
    void takesSecretReferencesInATargetsSparkConf() throws IOException {
        String yaml = """
                name: shop
                targets:
                  prod:
                    spark:
                      conf: {spark.hadoop.fs.s3a.secret.key: "${secret:s3-key}"}
                """ + DATASETS;

        Pipeline pipeline = load(yaml, "prod", Map.of("STRATA_SECRET_S3_KEY", "k3y", "STRATA_SECRET_SOURCES", "env"));

        assertThat(pipeline.spark().conf()).containsEntry("spark.hadoop.fs.s3a.secret.key", "k3y");
    }

    @Test
    void readsTargetsFromTheProjectFileBesideThePipeline() throws IOException {
        Files.writeString(dir.resolve("strata.yaml"), """
                targets:
                  staging:
                    storage: {root: /tmp/staging-lake}
                """);

        Pipeline pipeline = load(WITH_TARGETS, "staging", Map.of());

        assertThat(pipeline.spec().storage().root()).isEqualTo("/tmp/staging-lake");
        assertThat(pipeline.spec().targets()).containsOnlyKeys("dev", "prod", "staging");
    }

    @Test
    void reportsProblemsOfTheProjectFileInThatFile() throws IOException {
        Files.writeString(dir.resolve("strata.yaml"), """
                targets:
                  staging:
                    spark: {master: nowhere}
                profiles: {}
                """);

        assertThat(problems("name: shop\n" + DATASETS, null, Map.of()))
                .containsExactly(
                        "strata.yaml:3:21: targets.staging.spark.master: invalid Spark master 'nowhere' (local[*],"
                                + " local[2], spark://host:7077, k8s://https://host:443 or yarn)",
                        "strata.yaml:4:1: profiles: unknown key 'profiles' (allowed: targets)");
    }

    @Test
    void refusesATargetDefinedInBothFiles() throws IOException {
        Files.writeString(dir.resolve("strata.yaml"), """
                targets:
                  prod:
                    storage: {root: /tmp/prod-lake}
                """);

        assertThat(problems(WITH_TARGETS, "dev", Map.of()))
                .containsExactly("pipeline.yaml:7:3: targets.prod: target 'prod' is defined both here and in"
                        + " strata.yaml:2:3 (keep one: rename or remove it in this file or in strata.yaml)");
    }
}
