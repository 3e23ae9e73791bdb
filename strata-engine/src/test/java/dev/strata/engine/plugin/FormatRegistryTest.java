package dev.strata.engine.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.engine.sink.Sink;
import dev.strata.engine.sink.Sinks;
import dev.strata.engine.source.Source;
import dev.strata.engine.source.Sources;
import org.junit.jupiter.api.Test;

class FormatRegistryTest {
    @Test
    void findsEveryInstalledSinkAndSourceByFormat() {
        assertThat(Sinks.available()).containsExactly("csv", "delta", "hudi", "iceberg", "json", "orc", "parquet");
        assertThat(Sinks.forFormat("delta").format()).isEqualTo("delta");
        assertThat(Sources.forFormat("csv").format()).isEqualTo("csv");
        assertThat(FormatRegistry.load(Source.class, Source::format, "read").available())
                .contains("csv", "json", "parquet", "orc", "delta", "iceberg", "hudi");
    }

    @Test
    void anUnknownSinkFormatFailsNamingTheAvailableOnes() {
        assertThatThrownBy(() -> Sinks.forFormat("paimon"))
                .isInstanceOf(StrataException.class)
                .hasMessage("Cannot write format 'paimon': no Sink for it on the classpath (available: csv, delta,"
                        + " hudi, iceberg, json, orc, parquet)")
                .extracting(e -> ((StrataException) e).code())
                .isEqualTo(ErrorCode.UNSUPPORTED);
    }

    @Test
    void anUnknownSourceFormatFailsInTheSameStyle() {
        assertThatThrownBy(() -> Sources.forFormat("avro"))
                .isInstanceOf(StrataException.class)
                .hasMessageStartingWith("Cannot read format 'avro': no Source for it on the classpath (available: ")
                .hasMessageContaining("csv");
    }

    @Test
    void aRegistryOfAnotherKindNamesItsInterface() {
        FormatRegistry<Sink> sinks = FormatRegistry.load(Sink.class, Sink::format, "write");
        assertThatThrownBy(() -> sinks.forFormat("x")).hasMessageContaining("no Sink for it");
    }
}
