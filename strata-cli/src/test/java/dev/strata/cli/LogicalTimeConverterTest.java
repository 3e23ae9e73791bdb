package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** {@code --logical-time}: an ISO-8601 instant, in UTC or with an offset. */
class LogicalTimeConverterTest {
    private final LogicalTimeConverter converter = new LogicalTimeConverter();

    @Test
    void readsAnInstantInUtcOrWithAnOffset() {
        assertThat(converter.convert("2026-01-31T08:00:00Z")).isEqualTo(Instant.parse("2026-01-31T08:00:00Z"));
        assertThat(converter.convert("2026-01-31T09:00:00+01:00")).isEqualTo(Instant.parse("2026-01-31T08:00:00Z"));
    }

    @Test
    void refusesADateWithoutATimeAndZone() {
        assertThatThrownBy(() -> converter.convert("2026-01-31"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessage("'2026-01-31' is not an ISO-8601 instant (e.g. 2026-01-31T08:00:00Z)");
    }
}
