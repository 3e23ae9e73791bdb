package dev.strata.engine.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReplacementTest {
    @Test
    void replacesRowsByValue() {
        assertThat(Replacement.where("_source_file", List.of("a.csv", "it's.csv"))
                        .condition("t"))
                .isEqualTo("t.`_source_file` IN ('a.csv', 'it\\'s.csv')");
    }

    @Test
    void replacesRowsByRangesOfNumberedValuesWithoutListingThem() {
        Replacement replacement = Replacement.within(
                "_source_file",
                List.of(
                        new Replacement.Range("kafka://orders/0/", 12, 40),
                        new Replacement.Range("kafka://orders/1/", 3, 17)));

        assertThat(replacement.all()).isFalse();
        assertThat(replacement.condition(null))
                .isEqualTo("((startswith(`_source_file`, 'kafka://orders/0/') AND TRY_CAST(substring(`_source_file`,"
                        + " 18) AS BIGINT) >= 12 AND TRY_CAST(substring(`_source_file`, 18) AS BIGINT) < 40) OR"
                        + " (startswith(`_source_file`, 'kafka://orders/1/') AND TRY_CAST(substring(`_source_file`,"
                        + " 18) AS BIGINT) >= 3 AND TRY_CAST(substring(`_source_file`, 18) AS BIGINT) < 17))");
    }

    @Test
    void refusesAnEmptyRangeAndAReplacementOfNothing() {
        assertThatThrownBy(() -> new Replacement.Range("kafka://orders/0/", 5, 5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Replacement.within("_source_file", List.of()))
                .hasMessage("a replacement by _source_file needs values; use ALL for every row");
    }
}
