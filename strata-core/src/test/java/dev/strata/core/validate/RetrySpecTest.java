package dev.strata.core.validate;

import static dev.strata.core.validate.Yaml.parse;
import static dev.strata.core.validate.Yaml.problems;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.spec.Pipeline;
import dev.strata.core.spec.RetryPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code retries:} and {@code retry_backoff:} of a dataset and of the pipeline's {@code defaults:}. */
class RetrySpecTest {
    private static final String PIPELINE = """
            name: shop
            defaults: {retries: 2, retry_backoff: 10s}
            datasets:
              silver.a: {sql: SELECT 1 AS id}
              silver.b: {sql: SELECT 2 AS id, retries: 5}
              silver.c: {sql: SELECT 3 AS id, retries: 0, retry_backoff: 1m}
            """;

    @Test
    void aDatasetTakesThePipelineDefaultsUnlessItSetsItsOwn() {
        Pipeline pipeline = parse(PIPELINE);

        assertThat(policy(pipeline, "silver.a")).isEqualTo(new RetryPolicy(2, Duration.ofSeconds(10)));
        assertThat(policy(pipeline, "silver.b")).isEqualTo(new RetryPolicy(5, Duration.ofSeconds(10)));
        assertThat(policy(pipeline, "silver.c")).isEqualTo(new RetryPolicy(0, Duration.ofMinutes(1)));
    }

    @Test
    void withoutRetriesADatasetIsTriedOnce() {
        Pipeline pipeline = parse("""
                name: shop
                datasets:
                  silver.a: {sql: SELECT 1 AS id}
                """);

        RetryPolicy policy = policy(pipeline, "silver.a");
        assertThat(policy.maxAttempts()).isEqualTo(1);
        assertThat(policy.backoff()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void theWaitDoublesBeforeEachRetryUpToOneHour() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofMinutes(10));

        assertThat(policy.waitBefore(1)).isEqualTo(Duration.ofMinutes(10));
        assertThat(policy.waitBefore(2)).isEqualTo(Duration.ofMinutes(20));
        assertThat(policy.waitBefore(3)).isEqualTo(Duration.ofMinutes(40));
        assertThat(policy.waitBefore(4)).isEqualTo(Duration.ofHours(1));
        assertThat(policy.waitBefore(10)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void badValuesAreLocatedWithAHint() {
        assertThat(problems("""
                        name: shop
                        defaults: {retries: 11, retry_backoff: 2h}
                        datasets:
                          silver.a:
                            sql: SELECT 1 AS id
                            retries: -1
                            retry_backoff: soon
                        """))
                .containsExactly(
                        "pipeline.yaml:2:21: defaults.retries: retries must be 0 to 10, not 11 (the number of times a"
                                + " dataset is tried again after an engine or storage error, e.g. 3)",
                        "pipeline.yaml:2:40: defaults.retry_backoff: retry_backoff 2h is longer than 1h (use at most"
                                + " 1h: the wait doubles before each next retry, up to 1h a wait)",
                        "pipeline.yaml:6:14: datasets.silver.a.retries: retries must be 0 to 10, not -1 (the number of"
                                + " times a dataset is tried again after an engine or storage error, e.g. 3)",
                        "pipeline.yaml:7:20: datasets.silver.a.retry_backoff: invalid retry_backoff 'soon' (a duration"
                                + " such as 30s, 5m or 1h)");
    }

    @Test
    void aRetryCountThatIsNotANumberIsATypeError() {
        assertThat(problems("""
                        name: shop
                        datasets:
                          silver.a: {sql: SELECT 1 AS id, retries: many}
                        """))
                .singleElement()
                .asString()
                .startsWith("pipeline.yaml:3:44: datasets.silver.a.retries:");
    }

    private static RetryPolicy policy(Pipeline pipeline, String dataset) {
        return RetryPolicy.of(pipeline.spec(), pipeline.spec().datasets().get(dataset));
    }
}
