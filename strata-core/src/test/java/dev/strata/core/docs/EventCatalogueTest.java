package dev.strata.core.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.testing.EventSchemas;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/events.md's catalogue: one example per event type, each valid against its schema under docs/events/. */
class EventCatalogueTest {
    private static final Pattern JSON_BLOCK = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL);

    @Test
    void everyTypeHasASchemaAndOneValidExample() throws IOException {
        String whole = Files.readString(Path.of("..", "docs", "events.md"), StandardCharsets.UTF_8);
        // The catalogue is the "Lifecycle events" section; other sections show other JSON (API views, lineage).
        int start = whole.indexOf("\n## Lifecycle events");
        int end = whole.indexOf("\n## ", start + 1);
        assertThat(start).as("docs/events.md has a Lifecycle events section").isNotNegative();
        String doc = whole.substring(start, end < 0 ? whole.length() : end);
        List<String> types = new ArrayList<>();
        Matcher block = JSON_BLOCK.matcher(doc);
        while (block.find()) {
            String example = block.group(1);
            assertThat(EventSchemas.problems(example)).as(example).isEmpty();
            types.add(new ObjectMapper().readTree(example).get("type").asText());
        }
        assertThat(types)
                .containsExactlyInAnyOrder(
                        "dev.strata.run.queued",
                        "dev.strata.run.started",
                        "dev.strata.run.succeeded",
                        "dev.strata.run.failed",
                        "dev.strata.run.cancelled",
                        "dev.strata.dataset.completed",
                        "dev.strata.quality.rule_failed",
                        "dev.strata.anomaly.detected",
                        "dev.strata.schema.changed");
        assertThat(EventSchemas.types()).containsExactlyInAnyOrderElementsOf(types);
    }
}
