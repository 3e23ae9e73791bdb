package dev.strata.core.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The filter language on CloudEvents and plain JSON, and the files a files trigger sees. */
class EventFilterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode event(String region, Object priority) throws Exception {
        return JSON.readTree("{\"specversion\":\"1.0\",\"id\":\"e1\",\"source\":\"shop\","
                + "\"type\":\"com.example.order.created\",\"subject\":\"orders/1\",\"data\":{\"region\":\"" + region
                + "\",\"priority\":" + JSON.writeValueAsString(priority) + ",\"urgent\":true,\"tags\":[\"a\"]}}");
    }

    private static EventFilter filter(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        assertThat(EventFilter.problem(map)).isEmpty();
        return EventFilter.of(map);
    }

    @Test
    void matchesAttributesAndDataFields() throws Exception {
        JsonNode eu = event("eu", 2);
        assertThat(EventFilter.all().matches(eu)).isTrue();
        assertThat(filter("type", "com.example.order.created", "data.region", "eu")
                        .matches(eu))
                .isTrue();
        assertThat(filter("type", "com.example.order.*").matches(eu)).isTrue();
        assertThat(filter("type", "*.order.*", "subject", "orders/*").matches(eu))
                .isTrue();
        assertThat(filter("type", "com.example.*.deleted").matches(eu)).isFalse();
        assertThat(filter("data.region", List.of("us", "eu")).matches(eu)).isTrue();
        assertThat(filter("data.region", "eu").matches(event("us", 2))).isFalse();
        assertThat(filter("data.priority", 2).matches(eu)).isTrue();
        assertThat(filter("data.priority", 2.0).matches(eu)).isTrue();
        assertThat(filter("data.priority", 3).matches(eu)).isFalse();
        assertThat(filter("data.priority", 2).matches(event("eu", "2")))
                .as("a number written as text")
                .isTrue();
        assertThat(filter("data.urgent", true).matches(eu)).isTrue();
        assertThat(filter("data.urgent", "true").matches(eu)).isTrue();
        assertThat(filter("data.urgent", false).matches(eu)).isFalse();
        assertThat(filter("data.missing", "x").matches(eu)).as("missing field").isFalse();
        assertThat(filter("data.tags", "a").matches(eu))
                .as("a list matches nothing")
                .isFalse();
        assertThat(filter("data", "x").matches(eu))
                .as("an object matches nothing")
                .isFalse();
        assertThat(filter("data.region.x", "x").matches(eu)).isFalse();
        assertThat(filter("data.region", "e.").matches(eu))
                .as("no regular expressions")
                .isFalse();
        assertThat(filter("data.region", "eu").readsData()).isTrue();
        assertThat(filter("type", "t").readsData()).isFalse();
    }

    @Test
    void refusesWhatIsNotInTheLanguage() {
        assertThat(EventFilter.problem(Map.of("a b", "x"))).contains("invalid filter key 'a b'");
        assertThat(EventFilter.problem(Map.of("a", List.of()))).contains("filter key 'a' needs 1 to 100 values");
        assertThat(EventFilter.problem(Map.of("a", Map.of("b", 1))))
                .contains("filter key 'a' takes a string, number or boolean, or a list of them");
    }

    @Test
    void listsVisibleMatchingFilesAsHadoopWritesThem(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("landing/day=1"));
        Files.createDirectories(root.resolve("landing/_tmp"));
        Files.createDirectories(root.resolve("landing/.hidden"));
        for (String file : List.of(
                "landing/a.csv",
                "landing/b.json",
                "landing/day=1/c.csv",
                "landing/_tmp/d.csv",
                "landing/.hidden/e.csv",
                "landing/_SUCCESS",
                "landing/.a.csv.crc")) {
            Files.writeString(root.resolve(file), "x");
        }
        Path folder = FileListing.folder("./landing", root);
        assertThat(FileListing.list(folder, "*.csv"))
                .containsExactly("file:" + folder.resolve("a.csv"), "file:" + folder.resolve("day=1/c.csv"));
        assertThat(FileListing.list(folder, null)).hasSize(3);
        assertThat(FileListing.list(root.resolve("missing"), null)).isEmpty();
        assertThat(FileListing.problem("s3a://b/x")).contains("files triggers watch local folders, not s3a: paths");
        assertThat(FileListing.problem("file:/tmp/x")).isEmpty();
    }
}
