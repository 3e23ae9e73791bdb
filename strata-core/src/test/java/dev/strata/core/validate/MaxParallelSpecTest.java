package dev.strata.core.validate;

import static dev.strata.core.validate.Yaml.parse;
import static dev.strata.core.validate.Yaml.problems;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The pipeline's {@code max_parallel:}, how many datasets a run builds at once. */
class MaxParallelSpecTest {
    @Test
    void isReadAndAbsentByDefault() {
        assertThat(parse("""
                        name: shop
                        max_parallel: 3
                        datasets:
                          silver.a: {sql: SELECT 1 AS id}
                        """).spec().maxParallel()).isEqualTo(3);
        assertThat(parse("""
                        name: shop
                        datasets:
                          silver.a: {sql: SELECT 1 AS id}
                        """).spec().maxParallel()).isNull();
    }

    @Test
    void lessThanOneIsLocatedWithAHint() {
        assertThat(problems("""
                        name: shop
                        max_parallel: 0
                        datasets:
                          silver.a: {sql: SELECT 1 AS id}
                        """))
                .containsExactly("pipeline.yaml:2:15: max_parallel: max_parallel must be at least 1, not 0 (1 builds"
                        + " one dataset at a time in plan order; more build independent datasets at once)");
    }

    @Test
    void aValueThatIsNotANumberIsATypeError() {
        assertThat(problems("""
                        name: shop
                        max_parallel: many
                        datasets:
                          silver.a: {sql: SELECT 1 AS id}
                        """)).singleElement().asString().startsWith("pipeline.yaml:2:15: max_parallel:");
    }
}
