package dev.strata.engine.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.strata.core.quality.MetricKey;
import dev.strata.core.quality.MetricValue;
import dev.strata.core.quality.rules.Verdicts;
import dev.strata.core.run.RuleResult;
import dev.strata.core.run.RuleStatus;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.RuleType;
import dev.strata.engine.SharedSpark;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EntropyAnalyzerTest {
    private static Dataset<Row> rows;

    @BeforeAll
    static void fixtures() {
        rows = SharedSpark.session()
                .sql("SELECT * FROM VALUES ('a', 1), ('a', 2), ('b', 3), ('c', 4), (NULL, 5), ('d', -1) "
                        + "AS t(country, amount)");
    }

    private static double value(Verdicts.Verdict verdict, String rule) {
        return verdict.metrics().stream()
                .filter(m -> m.key().equals(MetricKey.of("value", rule)))
                .mapToDouble(MetricValue::value)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void isMinusSumOfPLnPOverTheNonNullValues() {
        RuleSpec rule = RuleSpec.builder(RuleType.ENTROPY)
                .column("country")
                .where("amount > 0")
                .min(1)
                .build();

        Verdicts.Verdict verdict = QualityCheck.evaluate(rows, List.of(rule));

        // a, a, b, c (NULL and the d row are not selected): -(1/2 ln 1/2 + 2 · 1/4 ln 1/4) = 3/2 ln 2
        assertThat(value(verdict, "entropy(country)")).isCloseTo(1.5 * Math.log(2), within(1e-12));
        assertThat(verdict.rules().get(0).status()).isEqualTo(RuleStatus.PASSED);
    }

    @Test
    void isLnNForNEquallyFrequentValuesAndZeroForOne() {
        RuleSpec all = RuleSpec.builder(RuleType.ENTROPY)
                .name("all")
                .column("country")
                .where("country <> 'a'")
                .max(1)
                .build();
        RuleSpec one = RuleSpec.builder(RuleType.ENTROPY)
                .name("one")
                .column("country")
                .where("country = 'a'")
                .max(0)
                .build();

        Verdicts.Verdict verdict = QualityCheck.evaluate(rows, List.of(all, one));

        assertThat(value(verdict, "all")).isCloseTo(Math.log(3), within(1e-12));
        assertThat(value(verdict, "one")).isCloseTo(0.0, within(1e-12));
        List<RuleResult> results = verdict.rules();
        assertThat(results.get(0).status()).as("ln 3 > 1").isEqualTo(RuleStatus.WARNED);
        assertThat(results.get(1).status()).isEqualTo(RuleStatus.PASSED);
    }
}
