package dev.strata.engine.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.strata.core.quality.MetricKey;
import dev.strata.core.quality.MetricValue;
import dev.strata.core.quality.rules.Verdicts;
import dev.strata.core.run.RuleStatus;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.RuleType;
import dev.strata.engine.SharedSpark;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CorrelationAnalyzerTest {
    private static Dataset<Row> rows;

    @BeforeAll
    static void fixtures() {
        rows = SharedSpark.session()
                .sql("SELECT * FROM VALUES (1, 2.0, 7), (2, 4.0, 7), (3, 5.0, 7), (4, 9.0, 7), (5, NULL, 7) "
                        + "AS t(x, y, flat)");
    }

    private static RuleSpec rule(String name, String first, String second) {
        return RuleSpec.builder(RuleType.CORRELATION)
                .name(name)
                .columns(List.of(first, second))
                .min(0.9)
                .build();
    }

    private static double value(Verdicts.Verdict verdict, String rule) {
        return verdict.metrics().stream()
                .filter(m -> m.key().equals(MetricKey.of("value", rule)))
                .mapToDouble(MetricValue::value)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void isPearsonsOverTheRowsWhereBothAreSet() {
        Verdicts.Verdict verdict = QualityCheck.evaluate(rows, List.of(rule("xy", "x", "y")));

        // x = 1..4, y = 2, 4, 5, 9 (the NULL row is left out): Σdx·dy = 11, Σdx² = 5, Σdy² = 26, r = 11 / √130
        assertThat(value(verdict, "xy")).isCloseTo(11 / Math.sqrt(130), within(1e-12));
        assertThat(verdict.rules().get(0).status()).isEqualTo(RuleStatus.PASSED);
    }

    @Test
    void isNaNWhenOneSideHasZeroVariance() {
        Verdicts.Verdict verdict = QualityCheck.evaluate(rows, List.of(rule("flat", "x", "flat")));

        assertThat(value(verdict, "flat")).isNaN();
        assertThat(verdict.rules().get(0).status()).isEqualTo(RuleStatus.WARNED);
        assertThat(verdict.rules().get(0).message()).contains("zero variance");
    }
}
