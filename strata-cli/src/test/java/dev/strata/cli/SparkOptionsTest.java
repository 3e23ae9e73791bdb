package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.engine.session.SparkSessions;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SparkOptionsTest {
    @Test
    void theUiAndItsPrometheusMetricsAreOffUnlessAPortIsGiven() {
        assertThat(SparkOptions.uiSettings(Map.of())).isEmpty();
        assertThat(SparkOptions.uiSettings(Map.of("STRATA_SPARK_UI_PORT", " 4050 ")))
                .containsEntry("spark.ui.enabled", "true")
                .containsEntry("spark.ui.port", "4050");
    }

    @Test
    void sparksPrometheusServletIsOnUnderAFixedNamespace() {
        Map<String, String> conf = SparkSessions.config(
                new SparkSessions.Settings("local[2]", "any app name", Path.of("unused"), Map.of()));
        assertThat(conf)
                .containsEntry("spark.metrics.namespace", "strata")
                .containsEntry(
                        "spark.metrics.conf.*.sink.prometheusServlet.class",
                        "org.apache.spark.metrics.sink.PrometheusServlet")
                .containsEntry("spark.metrics.conf.*.sink.prometheusServlet.path", "/metrics/prometheus")
                .containsEntry("spark.ui.prometheus.enabled", "true")
                .containsEntry("spark.ui.enabled", "false");
    }
}
