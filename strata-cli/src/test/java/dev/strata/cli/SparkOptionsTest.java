package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.core.spec.SparkSpec;
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

    @Test
    void theMasterTheJvmWasStartedForIsTheDefault() {
        withJvmMaster(
                "spark://submitted:7077",
                () -> assertThat(new SparkOptions().master(SparkSpec.NONE)).isEqualTo("spark://submitted:7077"));
    }

    @Test
    void anExplicitMasterEqualToTheJvmsIsKept() {
        SparkOptions options = new SparkOptions();
        options.master = "spark://submitted:7077";
        withJvmMaster(
                "spark://submitted:7077",
                () -> assertThat(options.master(SparkSpec.NONE)).isEqualTo("spark://submitted:7077"));
    }

    @Test
    void anExplicitMasterThatContradictsTheJvmsIsRefused() {
        SparkOptions options = new SparkOptions();
        options.master = "local[2]";
        withJvmMaster(
                "spark://submitted:7077",
                () -> assertThatThrownBy(() -> options.master(SparkSpec.NONE))
                        .isInstanceOfSatisfying(
                                StrataException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SPEC))
                        .hasMessage(
                                "Cannot run on --master local[2]: this JVM was started for spark://submitted:7077 (by"
                                        + " spark-submit --master or -Dspark.master; drop strata's --master, or give both the same"
                                        + " URL)"));
    }

    @Test
    void theTargetsMasterWinsOverTheEnvironmentAndLosesToTheFlag() {
        SparkSpec target = new SparkSpec("local[3]", Map.of());
        SparkOptions options = new SparkOptions();

        assertThat(options.master(target)).isEqualTo("local[3]");
        options.master = "local[1]";
        assertThat(options.master(target)).isEqualTo("local[1]");
    }

    /** Runs {@code check} as if spark-submit had started this JVM for {@code master} (its system property). */
    private static void withJvmMaster(String master, Runnable check) {
        System.setProperty("spark.master", master);
        try {
            check.run();
        } finally {
            System.clearProperty("spark.master");
        }
    }
}
