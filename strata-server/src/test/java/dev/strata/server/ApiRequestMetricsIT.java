package dev.strata.server;

import static dev.strata.server.TestServer.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code strata_api_requests_total}: each request under its real route and status. */
class ApiRequestMetricsIT {
    @TempDir
    static Path root;

    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(root, Map.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void countsRefusedRequestsAsRefusedWithTheirStatusAndStaticAssetsUnderTheirRoute() {
        String asset = "/webjars/swagger-ui/" + OpenApi.SWAGGER_UI_VERSION + "/swagger-ui.css";
        assertThat(server.get(asset, null).statusCode()).isEqualTo(200);
        assertThat(server.get("/api/v1/pipelines", null).statusCode()).isEqualTo(401);
        assertThat(server.get("/api/v1/pipelines", "stk_not-a-real-key").statusCode())
                .isEqualTo(401);
        assertThat(server.get("/api/v1/pipelines", ADMIN_TOKEN).statusCode()).isEqualTo(200);

        List<String> requests = server.get("/metrics", null)
                .body()
                .lines()
                .filter(line -> line.startsWith("strata_api_requests_total{"))
                .sorted()
                .toList();

        assertThat(requests)
                .containsExactly(
                        "strata_api_requests_total{method=\"GET\",route=\"/api/v1/pipelines\",status=\"200\"} 1.0",
                        "strata_api_requests_total{method=\"GET\",route=\"/webjars/*\",status=\"200\"} 1.0",
                        "strata_api_requests_total{method=\"GET\",route=\"refused\",status=\"401\"} 2.0");
    }
}
