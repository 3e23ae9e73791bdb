package dev.strata.core.plan;

import static dev.strata.core.plan.Specs.from;
import static dev.strata.core.plan.Specs.pipeline;
import static dev.strata.core.plan.Specs.sql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.strata.core.spec.DatasetName;
import dev.strata.core.spec.PipelineValidationException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelinePlanTest {
    /**
     * bronze.orders -> silver.orders -> gold.daily, gold.big; bronze.customers -> silver.customers -> gold.daily.
     */
    private static final PipelinePlan PLAN = Planner.plan(pipeline(
            "bronze.orders", from("raw"),
            "bronze.customers", from("raw"),
            "silver.orders", from("bronze.orders"),
            "silver.customers", from("bronze.customers"),
            "gold.daily", sql("SELECT * FROM silver.orders JOIN silver.customers USING (cid)"),
            "gold.big", sql("SELECT * FROM silver.orders WHERE amount > 1000")));

    private static List<DatasetName> names(String... qualified) {
        return Arrays.stream(qualified).map(DatasetName::parse).toList();
    }

    private static String failure(String selector) {
        return catchThrowableOfType(PipelineValidationException.class, () -> PLAN.only(selector))
                .getMessage();
    }

    @Test
    void selectsOneDataset() {
        assertThat(PLAN.only("silver.orders").names()).isEqualTo(names("silver.orders"));
    }

    @Test
    void selectsADatasetAndEverythingDownstream() {
        assertThat(PLAN.only("silver.orders+").names()).isEqualTo(names("silver.orders", "gold.daily", "gold.big"));
    }

    @Test
    void selectsADatasetAndEverythingUpstream() {
        assertThat(PLAN.only("+gold.daily").names())
                .isEqualTo(
                        names("bronze.orders", "bronze.customers", "silver.orders", "silver.customers", "gold.daily"));
    }

    @Test
    void selectsBothDirections() {
        assertThat(PLAN.only("+silver.orders+").names())
                .isEqualTo(names("bronze.orders", "silver.orders", "gold.daily", "gold.big"));
    }

    @Test
    void selectsAWholeLayer() {
        assertThat(PLAN.only("silver.*").names()).isEqualTo(names("silver.orders", "silver.customers"));
    }

    @Test
    void combinesCommaAndSpaceSeparatedTermsInBuildOrder() {
        assertThat(PLAN.only("gold.big, bronze.customers  silver.customers").names())
                .isEqualTo(names("bronze.customers", "silver.customers", "gold.big"));
    }

    @Test
    void acceptsABareNameThatOneLayerHas() {
        assertThat(PLAN.only("daily").names()).isEqualTo(names("gold.daily"));
    }

    @Test
    void keepsUpstreamOutsideTheSelectionInThePlannedDatasets() {
        DatasetPlan daily = PLAN.only("gold.daily").datasets().get(0);

        assertThat(daily.upstream()).isEqualTo(names("silver.orders", "silver.customers"));
    }

    @Test
    void rejectsAnUnknownDatasetAndSuggestsTheClosest() {
        assertThat(failure("silver.order+"))
                .isEqualTo("<pipeline>: 'silver.order+' selects silver.order, which is not a dataset of pipeline shop"
                        + " (did you mean silver.orders?)");
    }

    @Test
    void rejectsAnUnknownDatasetAndListsTheKnownOnes() {
        assertThat(failure("platinum.x"))
                .isEqualTo("<pipeline>: selects platinum.x, which is not a dataset of pipeline shop (datasets:"
                        + " bronze.orders, bronze.customers, silver.orders, silver.customers, gold.daily, gold.big)");
    }

    @Test
    void rejectsAnUnknownLayer() {
        assertThat(failure("sliver.*"))
                .isEqualTo(
                        "<pipeline>: 'sliver.*' selects layer sliver, which has no dataset (did you mean silver.*?)");
    }

    @Test
    void rejectsAnAmbiguousBareName() {
        assertThat(failure("orders"))
                .isEqualTo("<pipeline>: 'orders' could be bronze.orders or silver.orders (write layer.name)");
    }

    @Test
    void rejectsAnEmptySelection() {
        assertThat(failure(" "))
                .isEqualTo("<pipeline>: empty selection"
                        + " (name datasets, e.g. silver.orders, silver.orders+, +gold.revenue, silver.*, tag:pii)");
    }

    @Test
    void reportsEveryUnknownTerm() {
        PipelineValidationException e =
                catchThrowableOfType(PipelineValidationException.class, () -> PLAN.only("gold.x silver.y"));

        assertThat(e.problems()).hasSize(2);
    }

    @Test
    void findsEverythingDownstreamAndUpstream() {
        assertThat(PLAN.downstreamOf(DatasetName.parse("bronze.orders")))
                .isEqualTo(names("silver.orders", "gold.daily", "gold.big"));
        assertThat(PLAN.downstreamOf(DatasetName.parse("gold.big"))).isEmpty();
        assertThat(PLAN.upstreamOf(DatasetName.parse("gold.big"))).isEqualTo(names("bronze.orders", "silver.orders"));
    }

    @Test
    void rejectsDownstreamOfAnUnknownDataset() {
        PipelineValidationException e = catchThrowableOfType(
                PipelineValidationException.class, () -> PLAN.downstreamOf(DatasetName.parse("gold.dayly")));

        assertThat(e.getMessage()).endsWith("(did you mean gold.daily?)");
    }
}
