package dev.strata.core.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MetricKeyTest {
    @Test
    void parsesBatchColumnAndRuleMetrics() {
        assertThat(MetricKey.parse("row_count")).isEqualTo(MetricKey.of("row_count"));
        assertThat(MetricKey.parse("completeness(email)")).isEqualTo(MetricKey.of("completeness", "email"));
        assertThat(MetricKey.parse("uniqueness(a, b)")).isEqualTo(MetricKey.of("uniqueness", List.of("a", "b")));
        assertThat(MetricKey.parse("pass_rate(not_null(id))"))
                .isEqualTo(MetricKey.of("pass_rate", "not_null(id)"))
                .hasToString("pass_rate(not_null(id))");
    }

    @Test
    void keepsTheSpacesOfAColumnName() {
        assertThat(MetricKey.parse("mean(my column)")).isEqualTo(MetricKey.of("mean", "my column"));
        assertThat(MetricKey.parse(" mean( my column ) ")).isEqualTo(MetricKey.of("mean", "my column"));
        assertThat(MetricKey.parse("uniqueness(`a, b`, c)")).isEqualTo(MetricKey.of("uniqueness", "a, b,c"));
        assertThat(MetricKey.parse("mean(`odd``name`)")).isEqualTo(MetricKey.of("mean", "odd`name"));
        assertThat(MetricKey.parse("pass_rate(my rule)")).isEqualTo(MetricKey.of("pass_rate", "my rule"));
        assertThat(MetricKey.parse("mean(my column)").toString()).isEqualTo("mean(my column)");
    }

    @Test
    void explainsWhatIsWrong() {
        assertThatThrownBy(() -> MetricKey.parse("row_count(id)")).hasMessage("metric row_count takes no column");
        assertThatThrownBy(() -> MetricKey.parse("completeness"))
                .hasMessage("metric completeness needs a column, e.g. completeness(email)");
        assertThatThrownBy(() -> MetricKey.parse("completness(email)"))
                .hasMessageStartingWith("unknown metric 'completness' (known: completeness, distinct_count,");
    }
}
