package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineFileTest {
    @Test
    void theTargetIsTheFlagElseStrataTargetElseNone() {
        PipelineFile file = new PipelineFile();

        assertThat(file.target(Map.of())).isNull();
        assertThat(file.target(Map.of("STRATA_TARGET", "prod"))).isEqualTo("prod");
        file.target = "dev";
        assertThat(file.target(Map.of("STRATA_TARGET", "prod"))).isEqualTo("dev");
    }
}
