package dev.strata.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.client.ApiClient;
import dev.strata.client.api.PipelinesApi;
import dev.strata.client.api.QualityApi;
import dev.strata.client.api.RunsApi;
import dev.strata.client.model.DatasetMetricsView;
import dev.strata.client.model.PipelineView;
import dev.strata.client.model.PipelineYamlRequest;
import dev.strata.client.model.RunMetricsView;
import dev.strata.client.model.RunRequest;
import dev.strata.client.model.RunView;
import dev.strata.core.quality.DatasetMetrics;
import dev.strata.core.quality.MetricKey;
import dev.strata.core.quality.MetricValue;
import dev.strata.core.run.RuleResult;
import dev.strata.core.run.RuleStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof that the OpenAPI document is right: a Java client that openapi-generator made from it (in this module's
 * build) drives a running server through a pipeline's life: register it, start a run, poll the run to its end, read
 * its metrics. The server's runs start strata-server's stand-in engine, as its own tests' runs do.
 */
class ApiClientIT {
    @Test
    void aGeneratedClientRegistersAPipelineRunsItAndReadsItsMetrics(@TempDir Path root) throws Exception {
        try (TestServer server = TestServer.start(root, Map.of())) {
            ApiClient client = new ApiClient();
            client.updateBaseUri("http://127.0.0.1:" + server.port);
            client.setRequestInterceptor(
                    request -> request.header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN));

            PipelineView pipeline = new PipelinesApi(client)
                    .createPipeline(new PipelineYamlRequest().yaml(TestServer.pipelineYaml("orders")));
            assertThat(pipeline.getName()).isEqualTo("orders");
            assertThat(pipeline.getVersion()).isEqualTo(1);

            RunsApi runs = new RunsApi(client);
            RunView queued = runs.startRun("orders", new RunRequest().parameters(Map.of("STANDIN_SLEEP", 1)));
            assertThat(queued.getStatus()).isEqualTo("queued");
            assertThat(queued.getParameters()).isEqualTo(Set.of("STANDIN_SLEEP"));

            RunView finished = queued;
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (!Set.of("succeeded", "failed", "cancelled").contains(finished.getStatus())
                    && Instant.now().isBefore(deadline)) {
                Thread.sleep(200);
                finished = runs.getRun(queued.getRunId());
            }
            assertThat(finished.getStatus()).isEqualTo("succeeded");
            assertThat(finished.getExitCode()).isZero();
            assertThat(finished.getFinishedAt()).isNotNull();
            assertThat(finished.getDatasets()).singleElement().satisfies(dataset -> {
                assertThat(dataset.getDataset()).isEqualTo("bronze.orders");
                assertThat(dataset.getWritten()).isEqualTo(8L);
                assertThat(dataset.getQuarantined()).isEqualTo(1L);
            });

            // The stand-in engine measures nothing: record what an engine would have, for this run.
            server.store
                    .metrics()
                    .record(new DatasetMetrics(
                            "orders",
                            "bronze.orders",
                            finished.getRunId(),
                            Instant.now(),
                            List.of(MetricValue.of(MetricKey.of("row_count"), 8)),
                            List.of(new RuleResult(
                                    "not_null(id)",
                                    "not_null",
                                    "warn",
                                    8,
                                    8,
                                    0,
                                    RuleStatus.PASSED,
                                    null,
                                    null,
                                    null))));
            RunMetricsView metrics = new QualityApi(client).runMetrics(finished.getRunId());
            assertThat(metrics.getState()).isEqualTo("succeeded");
            DatasetMetricsView dataset = metrics.getDatasets().get(0);
            assertThat(dataset.getMetrics()).containsEntry("row_count", 8.0);
            assertThat(dataset.getRules()).singleElement().satisfies(rule -> {
                assertThat(rule.getName()).isEqualTo("not_null(id)");
                assertThat(rule.getStatus()).hasToString("PASSED");
                assertThat(rule.getPassed()).isEqualTo(8L);
            });
        }
    }
}
