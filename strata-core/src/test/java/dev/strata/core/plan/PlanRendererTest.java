package dev.strata.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.spec.Pipeline;
import dev.strata.core.validate.PipelineLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Golden outputs in src/test/resources/plan/; after an intended change, regenerate them with
 * {@code mvn -o -q test -pl strata-core -Dtest=PlanRendererTest -Dstrata.updateGoldens=true} and review the diff.
 */
class PlanRendererTest {
    private static final Pipeline SHOP =
            PipelineLoader.parse(read("shop.yaml"), Path.of("/work/shop/pipeline.yaml"), Map.of());
    private static final PipelinePlan PLAN = Planner.plan(SHOP.spec());

    @Test
    void rendersText() {
        assertGolden(PlanRenderer.render(PLAN, SHOP.spec(), PlanFormat.TEXT), "shop.txt");
    }

    @Test
    void rendersJson() {
        assertGolden(PlanRenderer.render(PLAN, SHOP.spec(), PlanFormat.JSON), "shop.json");
    }

    @Test
    void rendersDot() {
        assertGolden(PlanRenderer.render(PLAN, SHOP.spec(), PlanFormat.DOT), "shop.dot");
    }

    @Test
    void rendersMermaid() {
        assertGolden(PlanRenderer.render(PLAN, SHOP.spec(), PlanFormat.MERMAID), "shop.mmd");
    }

    @Test
    void drawsUpstreamOutsideASelectionDashed() {
        PipelinePlan only = PLAN.only("gold.revenue");

        assertGolden(PlanRenderer.render(only, SHOP.spec(), PlanFormat.DOT), "shop-only-revenue.dot");
        assertGolden(PlanRenderer.render(only, SHOP.spec(), PlanFormat.MERMAID), "shop-only-revenue.mmd");
    }

    @Test
    void writesStepsAndRulesInShortForm() {
        var orders = PLAN.datasets().get(2).spec();

        assertThat(orders.transform())
                .extracting(PlanRenderer::transform)
                .containsExactly(
                        "dedupe(order_id by ordered_at DESC)",
                        "derive(order_date)",
                        "join(left bronze.customers using customer_id)");
        assertThat(orders.expect())
                .extracting(PlanRenderer::rule)
                .containsExactly("not_null(order_id) -> quarantine", "between(amount) mostly 0.99 -> warn");
    }

    private static void assertGolden(String actual, String golden) {
        if (Boolean.getBoolean("strata.updateGoldens")) {
            try {
                Files.writeString(Path.of("src/test/resources/plan", golden), actual, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        assertThat(actual)
                .as("golden file plan/%s (regenerate with -Dstrata.updateGoldens=true and review the diff)", golden)
                .isEqualTo(read(golden));
    }

    private static String read(String name) {
        try (InputStream in = PlanRendererTest.class.getResourceAsStream("/plan/" + name)) {
            if (in == null) {
                return "<missing golden file plan/" + name.toLowerCase(Locale.ROOT) + ">";
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
