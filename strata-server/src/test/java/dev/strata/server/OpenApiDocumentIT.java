package dev.strata.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Holds the committed OpenAPI document to what {@link OpenApiGenerator} makes of the running server's route table:
 * every operation tagged, every JSON body with its schema. With {@code -Dstrata.openapi.write=true} it writes the
 * generated document instead (then the next build serves it).
 */
class OpenApiDocumentIT {
    @Test
    void theCommittedDocumentIsTheGeneratedOne(@TempDir Path root) throws Exception {
        String committed = Files.readString(OpenApiGenerator.DOCUMENT, StandardCharsets.UTF_8);
        String generated;
        try (TestServer server = TestServer.start(root, Map.of())) {
            generated = OpenApiGenerator.generate(committed, server.server.routeTable());
        }
        if (Boolean.getBoolean("strata.openapi.write")) {
            Files.writeString(OpenApiGenerator.DOCUMENT, generated, StandardCharsets.UTF_8);
            committed = generated;
        }
        assertThat(committed).as(OpenApiGenerator.REGENERATE).isEqualTo(generated);
    }
}
