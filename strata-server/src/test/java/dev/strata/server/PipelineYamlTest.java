package dev.strata.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.strata.core.spec.PipelineValidationException;
import dev.strata.core.spec.Problem;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The server validates posted pipelines without its own environment: no ${VAR} and no ${secret:…} is resolved. */
class PipelineYamlTest {
    private static final Path FILE = Path.of("/srv/pipelines/pipeline.yaml");

    @Test
    void keepsSecretReferencesAsWrittenWithoutLookingForThem() {
        String yaml = """
                name: orders
                sources:
                  raw: {format: csv, path: in/, options: {password: "${secret:db-password}", user: "${DB_USER}"}}
                datasets:
                  bronze.raw: {from: raw}
                """;

        assertThat(PipelineYaml.parse(yaml, FILE).spec().sources().get("raw").options())
                .containsEntry("password", "${secret:db-password}")
                .containsEntry("user", "${DB_USER}");
    }

    @Test
    void refusesALiteralCredentialAndAMisplacedSecret() {
        String yaml = """
                name: orders
                sources:
                  raw: {format: csv, path: in/, options: {password: hunter2}}
                datasets:
                  bronze.raw: {from: raw}
                  gold.x: {sql: "SELECT '${secret:db-password}' AS leak FROM bronze.raw"}
                """;

        PipelineValidationException invalid =
                catchThrowableOfType(PipelineValidationException.class, () -> PipelineYaml.parse(yaml, FILE));

        assertThat(invalid.problems().stream().map(Problem::toString))
                .containsExactly(
                        FILE + ":3:53: sources.raw.options.password: a literal credential"
                                + " (write ${secret:NAME} and keep the value in a secret store)",
                        FILE + ":6:17: datasets.gold.x.sql: a secret can only be used in an option or a connection"
                                + " URL (move it to sources.<name>.options, sources.<name>.url,"
                                + " datasets.<name>.write.options, storage.iceberg.options or storage.iceberg.uri:"
                                + " from there it goes to Spark, never into data, paths or run records)");
    }
}
