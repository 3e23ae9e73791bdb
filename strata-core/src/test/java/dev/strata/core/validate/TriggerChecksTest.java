package dev.strata.core.validate;

import static dev.strata.core.validate.Yaml.parse;
import static dev.strata.core.validate.Yaml.problems;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.spec.Pipeline;
import dev.strata.core.spec.TriggerSpec;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code triggers:}: the three kinds, their filters and debounce windows, and each mistake at its field. */
class TriggerChecksTest {
    private static final String HEAD = "name: shop\ndatasets: {}\ntriggers:\n";

    @Test
    void bindsEachKind() {
        Pipeline pipeline = parse(HEAD
                + "  - kafka: {topic: landing.orders, filter: {type: com.example.order.*, data.region: [eu, us],"
                + " data.priority: 2, data.urgent: true}}\n"
                + "    debounce: 5s\n"
                + "  - dataset: {pipeline: upstream, name: gold.revenue}\n"
                + "  - files: {path: ./landing, pattern: \"*.csv\"}\n");
        TriggerSpec kafka = pipeline.spec().triggers().get(0);
        assertThat(kafka.kind()).isEqualTo(TriggerSpec.Kind.KAFKA);
        assertThat(kafka.kafka().filter())
                .containsExactly(
                        Map.entry("type", "com.example.order.*"),
                        Map.entry("data.region", java.util.List.of("eu", "us")),
                        Map.entry("data.priority", 2),
                        Map.entry("data.urgent", true));
        assertThat(kafka.debounceWindow()).isEqualTo(Duration.ofSeconds(5));
        TriggerSpec dataset = pipeline.spec().triggers().get(1);
        assertThat(dataset.kind()).isEqualTo(TriggerSpec.Kind.DATASET);
        assertThat(dataset.dataset().name()).isEqualTo("gold.revenue");
        assertThat(dataset.debounceWindow()).isEqualTo(Duration.ofSeconds(30));
        assertThat(pipeline.spec().triggers().get(2).files().pattern()).isEqualTo("*.csv");
    }

    @Test
    void reportsEachMistakeAtItsField() {
        assertThat(problems(HEAD
                        + "  - kafka: {topic: \"bad topic\", filter: {\"data..x\": 1}}\n"
                        + "    debounce: soon\n"
                        + "  - dataset: {pipeline: shop, name: revenue}\n"
                        + "  - files: {path: \"s3a://bucket/landing\", pattern: \"*.{csv\"}\n"
                        + "  - {kafka: {topic: a}, files: {path: x}}\n"
                        + "  - {debounce: 1s}\n"
                        + "  - kafka: {topic: a, filter: {type: {nested: 1}}}\n"))
                .containsExactly(
                        "pipeline.yaml:4:20: triggers[0].kafka.topic: invalid Kafka topic 'bad topic'"
                                + " (1 to 249 letters, digits, '.', '_' and '-')",
                        "pipeline.yaml:4:41: triggers[0].kafka.filter: invalid filter key 'data..x' (keys are dotted"
                                + " names such as type or data.region; values a string, number, boolean or a list of"
                                + " them)",
                        "pipeline.yaml:5:15: triggers[0].debounce: invalid debounce 'soon' (a duration such as 30s or"
                                + " 5m; 0s starts a run for each poll that brings events)",
                        "pipeline.yaml:6:25: triggers[1].dataset.pipeline: a pipeline cannot be triggered by its own"
                                + " dataset: each run would start the next (name another pipeline; within one"
                                + " pipeline, read the dataset with from:)",
                        "pipeline.yaml:6:37: triggers[1].dataset.name: invalid dataset name 'revenue'"
                                + " (write layer.name, e.g. gold.revenue)",
                        "pipeline.yaml:7:19: triggers[2].files.path: files triggers watch local folders, not s3a:"
                                + " paths (a local folder, e.g. ./landing; for an object store, a kafka trigger on its"
                                + " notifications)",
                        "pipeline.yaml:7:52: triggers[2].files.pattern: invalid file pattern '*.{csv': Missing '} near"
                                + " index 5 (a glob such as *.csv or orders-*.json)",
                        "pipeline.yaml:8:5: triggers[3]: a trigger takes one of kafka, dataset or files, got kafka,"
                                + " files (write each as its own list item)",
                        "pipeline.yaml:9:5: triggers[4]: a trigger needs one of kafka, dataset or files"
                                + " (e.g. - kafka: {topic: orders})",
                        "pipeline.yaml:10:38: triggers[5].kafka.filter.type: expected a string, number, boolean or"
                                + " list, got a mapping (write a list, e.g. […])");
    }
}
