package dev.strata.core.quality.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.RuleType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleKindsTest {
    private static final ObjectMapper YAML =
            new ObjectMapper(new YAMLFactory()).setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    @Test
    void everyRuleTypeHasOneKind() {
        List<RuleType> listed = new ArrayList<>();
        RuleKinds.all().forEach(kind -> listed.add(kind.type()));

        assertThat(listed).containsExactlyInAnyOrder(RuleType.values());
        for (RuleType type : RuleType.values()) {
            assertThat(RuleKinds.of(type).type()).isEqualTo(type);
        }
    }

    @Test
    void everyExampleIsARuleOfItsKindUsingOnlyItsFields() throws Exception {
        for (RuleKind kind : RuleKinds.all()) {
            RuleSpec rule = YAML.readValue(kind.example(), RuleSpec.class);
            List<String> keys = new ArrayList<>();
            YAML.readTree(kind.example()).fieldNames().forEachRemaining(keys::add);

            assertThat(rule.rule()).as(kind.example()).isEqualTo(kind.type());
            assertThat(kind.fields()).as(kind.example()).containsAll(keys.subList(1, keys.size()));
        }
    }

    @Test
    void everyKindNamesItsMetricsAsKeysOfItsPopulation() throws Exception {
        for (RuleKind kind : RuleKinds.all()) {
            RuleSpec rule = YAML.readValue(kind.example(), RuleSpec.class);

            assertThat(kind.metrics(rule))
                    .as(kind.id())
                    .allSatisfy(metric -> assertThat(metric.population()).isNotNull());
        }
    }
}
