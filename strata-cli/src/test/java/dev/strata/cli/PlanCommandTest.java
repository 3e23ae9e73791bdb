package dev.strata.cli;

import static dev.strata.cli.Invocation.strata;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code strata plan}: the retail example's DAG in each format, a selection, and the usage errors. */
class PlanCommandTest {
    /** The retail example, relative to this module (the tests' working directory). */
    private static final String RETAIL = "../examples/retail/pipeline.yaml";

    /** A numbered dataset line of the text plan, e.g. {@code 3. silver.orders}. */
    private static final Pattern STEP = Pattern.compile("(?m)^(\\d+)\\. (\\S+)$");

    @Test
    void listsTheDatasetsInBuildOrder() {
        Invocation plan = strata("plan", RETAIL);

        assertThat(plan.exitCode()).as(plan.err()).isZero();
        assertThat(plan.out()).startsWith("Pipeline retail: 6 datasets in build order");
        assertThat(steps(plan.out()))
                .containsExactly(
                        "bronze.orders",
                        "bronze.customers",
                        "silver.orders",
                        "silver.customers",
                        "gold.daily_revenue",
                        "gold.revenue_by_tier");
    }

    @Test
    void printsJsonThatParses() throws IOException {
        Invocation plan = strata("plan", RETAIL, "--format", "json");

        assertThat(plan.exitCode()).as(plan.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(plan.out());
        assertThat(json.get("pipeline").asText()).isEqualTo("retail");
        assertThat(json.get("datasets"))
                .extracting(dataset -> dataset.get("name").asText())
                .containsExactly(
                        "bronze.orders",
                        "bronze.customers",
                        "silver.orders",
                        "silver.customers",
                        "gold.daily_revenue",
                        "gold.revenue_by_tier");
    }

    @Test
    void printsAGraphvizDigraph() {
        Invocation plan = strata("plan", RETAIL, "--format", "dot");

        assertThat(plan.exitCode()).as(plan.err()).isZero();
        assertThat(plan.out())
                .startsWith("digraph \"retail\" {")
                .contains("\"silver.orders\" -> \"gold.daily_revenue\"")
                .endsWith("}\n");
    }

    @Test
    void printsAMermaidFlowchart() {
        Invocation plan = strata("plan", RETAIL, "--format", "mermaid");

        assertThat(plan.exitCode()).as(plan.err()).isZero();
        assertThat(plan.out()).startsWith("flowchart").contains("silver.orders").contains("-->");
    }

    @Test
    void restrictsThePlanToASelectorAndWhatDependsOnIt() {
        Invocation plan = strata("plan", RETAIL, "--only", "silver.orders+");

        assertThat(plan.exitCode()).as(plan.err()).isZero();
        assertThat(steps(plan.out())).containsExactly("silver.orders", "gold.daily_revenue", "gold.revenue_by_tier");
    }

    @Test
    void rejectsAnUnknownSelectorWithASuggestion() {
        Invocation plan = strata("plan", RETAIL, "--only", "silver.order+");

        assertThat(plan.exitCode()).isEqualTo(2);
        assertThat(plan.out()).isEmpty();
        assertThat(plan.err().lines())
                .containsExactly(
                        "<pipeline>: 'silver.order+' selects silver.order, which is not a dataset of pipeline retail"
                                + " (did you mean silver.orders?)",
                        "1 problem(s) found.");
    }

    @Test
    void rejectsAnUnknownFormat() {
        Invocation plan = strata("plan", RETAIL, "--format", "yaml");

        assertThat(plan.exitCode()).isEqualTo(2);
        assertThat(plan.out()).isEmpty();
        assertThat(plan.err())
                .contains("unknown format 'yaml' (expected text | json | dot | mermaid)")
                .contains("(see: strata plan --help)")
                .doesNotContain("\tat ");
    }

    private static List<String> steps(String textPlan) {
        List<String> names = new ArrayList<>();
        Matcher step = STEP.matcher(textPlan);
        while (step.find()) {
            assertThat(Integer.parseInt(step.group(1))).as("step numbers").isEqualTo(names.size() + 1);
            names.add(step.group(2));
        }
        return names;
    }
}
