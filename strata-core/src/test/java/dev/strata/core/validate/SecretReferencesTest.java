package dev.strata.core.validate;

import static dev.strata.core.validate.Yaml.parse;
import static dev.strata.core.validate.Yaml.problems;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.secret.DirectorySecretSource;
import dev.strata.core.secret.SecretResolver;
import dev.strata.core.secret.Secrets;
import dev.strata.core.spec.PipelineSpec;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretReferencesTest {
    private static final String PIPELINE = """
            name: shop
            storage:
              iceberg:
                type: jdbc
                uri: "jdbc:postgresql://db:5432/catalog?user=app&password=${secret:catalog-password}"
                options: {jdbc.password: "${secret:catalog-password}"}
            sources:
              orders:
                format: csv
                path: data/
                options:
                  header: "true"
                  fs.s3a.secret.key: ${secret:s3-key}
            datasets:
              bronze.orders:
                from: orders
                write: {options: {some.token: "${secret:s3-key}"}}
            """;

    @TempDir
    Path dir;

    private final String catalogPassword = "canary-" + UUID.randomUUID();
    private final String s3Key = "canary-" + UUID.randomUUID();

    /** An environment that holds the two secrets, and looks nowhere else. */
    private Map<String, String> env() {
        return Map.of(
                "STRATA_SECRET_CATALOG_PASSWORD",
                catalogPassword,
                "STRATA_SECRET_S3_KEY",
                s3Key,
                SecretResolver.SOURCES_ENV,
                "env");
    }

    @Test
    void resolvesSecretsInOptionsAndConnectionUrls() {
        PipelineSpec spec = parse(PIPELINE, env()).spec();

        assertThat(spec.storage().iceberg().uri())
                .isEqualTo("jdbc:postgresql://db:5432/catalog?user=app&password=" + catalogPassword);
        assertThat(spec.storage().iceberg().options()).containsEntry("jdbc.password", catalogPassword);
        assertThat(spec.sources().get("orders").options()).containsEntry("fs.s3a.secret.key", s3Key);
        assertThat(spec.datasets().get("bronze.orders").write().options()).containsEntry("some.token", s3Key);
        assertThat(Secrets.redact(catalogPassword + " " + s3Key)).isEqualTo("*** ***");
    }

    @Test
    void aMissingSecretIsALocatedProblemThatSaysWhereItLooked() {
        Map<String, String> env = new HashMap<>(env());
        env.remove("STRATA_SECRET_S3_KEY");
        env.put(SecretResolver.SOURCES_ENV, "env,kubernetes");
        env.put(DirectorySecretSource.MOUNT_ENV, dir.toString());

        assertThat(problems(PIPELINE, env))
                .containsExactly(
                        "pipeline.yaml:13:26: sources.orders.options.fs.s3a.secret.key: secret 's3-key' is not set;"
                                + " looked in environment variable STRATA_SECRET_S3_KEY (not set),"
                                + " Kubernetes secret mount " + dir.resolve("s3-key") + " (no such file)"
                                + " (provide it in one of those places; STRATA_SECRET_SOURCES chooses and orders"
                                + " them)",
                        "pipeline.yaml:17:35: datasets.bronze.orders.write.options.some.token: secret 's3-key' is"
                                + " not set; looked in environment variable STRATA_SECRET_S3_KEY (not set),"
                                + " Kubernetes secret mount " + dir.resolve("s3-key") + " (no such file)"
                                + " (provide it in one of those places; STRATA_SECRET_SOURCES chooses and orders"
                                + " them)");
    }

    @Test
    void refusesASecretWhereItCouldReachDataOrPaths() {
        String yaml = """
                name: shop
                sources:
                  orders: {format: csv, path: "data/${secret:s3-key}/"}
                datasets:
                  bronze.orders: {from: orders}
                  gold.leak: {sql: "SELECT '${secret:s3-key}' AS k FROM bronze.orders"}
                """;

        assertThat(problems(yaml, env()))
                .containsExactly(
                        "pipeline.yaml:3:31: sources.orders.path: a secret can only be used in an option or a"
                                + " connection URL (move it to " + SecretReferences.ALLOWED_PLACES
                                + ": from there it goes to Spark, never into data, paths or run records)",
                        "pipeline.yaml:6:20: datasets.gold.leak.sql: a secret can only be used in an option or a"
                                + " connection URL (move it to " + SecretReferences.ALLOWED_PLACES
                                + ": from there it goes to Spark, never into data, paths or run records)");
    }

    @Test
    void aSecretTakesNoDefault() {
        String yaml = PIPELINE.replace("${secret:s3-key}\n", "${secret:s3-key:-hunter2}\n");

        assertThat(problems(yaml, env()))
                .containsExactly("pipeline.yaml:13:26: sources.orders.options.fs.s3a.secret.key: a secret takes no"
                        + " default: '${secret:s3-key:-…}' (remove ':-…', and keep the value in a secret store)");
    }

    @Test
    void anEscapedReferenceStaysLiteralAndNeedsNoSecret() {
        String yaml = """
                name: shop
                datasets:
                  gold.x: {sql: "SELECT '$${secret:x}' AS written"}
                """;

        assertThat(parse(yaml, Map.of()).spec().datasets().get("gold.x").sql())
                .isEqualTo("SELECT '${secret:x}' AS written");
    }

    @Test
    void withResolutionOffReferencesStayAsWritten() {
        PipelineSpec spec = parse(PIPELINE, Map.of(SecretResolver.SOURCES_ENV, SecretResolver.NONE))
                .spec();

        assertThat(spec.sources().get("orders").options()).containsEntry("fs.s3a.secret.key", "${secret:s3-key}");
        assertThat(spec.storage().iceberg().options()).containsEntry("jdbc.password", "${secret:catalog-password}");
    }

    @Test
    void aProblemNeverPrintsAResolvedSecret() {
        // The unknown write mode quotes its value; here the value happens to be a secret's.
        String secret = "canary-" + UUID.randomUUID();
        Secrets.remember(secret);
        String yaml = "name: shop\ndatasets:\n  gold.x: {sql: \"SELECT 1\", write: {mode: \"" + secret + "\"}}\n";

        List<String> problems = problems(yaml, Map.of());

        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).contains("'***'").doesNotContain(secret);
    }
}
