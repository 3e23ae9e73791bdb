package dev.strata.core.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.strata.core.spec.Pipeline;
import dev.strata.core.spec.PipelineValidationException;
import dev.strata.core.spec.Problem;
import dev.strata.core.validate.PipelineLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The secrets example of docs/security.md validates with its secrets set, and fails as the page says without them. */
class SecurityDocExamplesTest {
    private static final Path PAGE = Path.of("..", "docs", "security.md");
    private static final Pattern PIPELINE = Pattern.compile("```yaml\\n(name:.*?)```", Pattern.DOTALL);
    private static final Path FILE = Path.of("pipeline.yaml");

    private static String page() throws Exception {
        return Files.readString(PAGE, StandardCharsets.UTF_8);
    }

    private static String example() throws Exception {
        Matcher matcher = PIPELINE.matcher(page());
        assertThat(matcher.find()).as("a pipeline in docs/security.md").isTrue();
        return matcher.group(1);
    }

    private static List<String> problems(String yaml, Map<String, String> env) {
        PipelineValidationException e =
                catchThrowableOfType(PipelineValidationException.class, () -> PipelineLoader.parse(yaml, FILE, env));
        assertThat(e).as("rejected").isNotNull();
        return e.problems().stream().map(Problem::toString).toList();
    }

    @Test
    void theExampleResolvesItsSecrets() throws Exception {
        Pipeline pipeline = PipelineLoader.parse(
                example(),
                FILE,
                Map.of(
                        "STRATA_SECRET_CATALOG_PASSWORD", "catalog-pw-1",
                        "STRATA_SECRET_LANDING_ACCESS_KEY", "access-key-1",
                        "STRATA_SECRET_LANDING_SECRET_KEY", "secret-key-1"));

        assertThat(pipeline.spec().sources().get("orders_raw").options())
                .containsEntry("fs.s3a.secret.key", "secret-key-1");
        assertThat(pipeline.spec().storage().iceberg().options()).containsEntry("jdbc.password", "catalog-pw-1");
    }

    @Test
    void theMissingSecretIsReportedAsThePageShows() throws Exception {
        List<String> problems = problems(
                example(),
                Map.of(
                        "STRATA_SECRET_CATALOG_PASSWORD", "catalog-pw-1",
                        "STRATA_SECRET_LANDING_ACCESS_KEY", "access-key-1",
                        "STRATA_SECRETS_DIR", "/etc/strata/secrets",
                        "STRATA_SECRETS_MOUNT", "/var/run/secrets/strata"));

        assertThat(problems).hasSize(1);
        assertThat(page()).contains(problems.get(0));
    }

    @Test
    void theLiteralCredentialIsReportedAsThePageShows() throws Exception {
        String literal = example().replace("${secret:landing-secret-key}", "wJalrXUtnFEMIK7MDENG");

        List<String> problems = problems(
                literal,
                Map.of(
                        "STRATA_SECRET_CATALOG_PASSWORD",
                        "catalog-pw-1",
                        "STRATA_SECRET_LANDING_ACCESS_KEY",
                        "access-key-1"));

        assertThat(problems).hasSize(1);
        assertThat(page()).contains(problems.get(0));
    }
}
