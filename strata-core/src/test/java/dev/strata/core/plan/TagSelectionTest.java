package dev.strata.core.plan;

import static dev.strata.core.plan.Specs.from;
import static dev.strata.core.plan.Specs.pipeline;
import static dev.strata.core.plan.Specs.sql;
import static dev.strata.core.plan.Specs.tagged;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.strata.core.spec.DatasetName;
import dev.strata.core.spec.PipelineValidationException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --only tag:NAME}: every dataset with the tag, alone or with the graph operators and other terms. */
class TagSelectionTest {
    /** bronze.customers -> silver.customers (pii) -> gold.daily (finance); bronze.orders (pii) -> gold.daily. */
    private static final PipelinePlan PLAN = Planner.plan(pipeline(
            "bronze.orders", tagged(from("raw"), "pii"),
            "bronze.customers", from("raw"),
            "silver.customers", tagged(from("bronze.customers"), "pii", "crm"),
            "gold.daily", tagged(sql("SELECT * FROM bronze.orders JOIN silver.customers USING (cid)"), "finance")));

    private static List<DatasetName> names(String... qualified) {
        return Arrays.stream(qualified).map(DatasetName::parse).toList();
    }

    private static String failure(String selector) {
        return catchThrowableOfType(PipelineValidationException.class, () -> PLAN.only(selector))
                .getMessage();
    }

    @Test
    void selectsEveryDatasetWithTheTagInBuildOrder() {
        assertThat(PLAN.only("tag:pii").names()).isEqualTo(names("bronze.orders", "silver.customers"));
    }

    @Test
    void addsWhatIsDownstreamOfTheTaggedDatasets() {
        assertThat(PLAN.only("tag:crm+").names()).isEqualTo(names("silver.customers", "gold.daily"));
    }

    @Test
    void addsWhatIsUpstreamOfTheTaggedDatasets() {
        assertThat(PLAN.only("+tag:crm").names()).isEqualTo(names("bronze.customers", "silver.customers"));
    }

    @Test
    void combinesWithNamesAndLayers() {
        assertThat(PLAN.only("tag:finance, bronze.*").names())
                .isEqualTo(names("bronze.orders", "bronze.customers", "gold.daily"));
    }

    @Test
    void rejectsAnUnknownTagAndSuggestsTheClosest() {
        assertThat(failure("tag:pi+"))
                .isEqualTo("<pipeline>: 'tag:pi+' selects tag pi, which no dataset of pipeline shop has"
                        + " (did you mean tag:pii?)");
    }

    @Test
    void rejectsAnUnknownTagAndListsTheKnownOnes() {
        assertThat(failure("tag:marketing"))
                .isEqualTo("<pipeline>: 'tag:marketing' selects tag marketing, which no dataset of pipeline shop has"
                        + " (tags: crm, finance, pii)");
    }

    @Test
    void rejectsATagWhenNoDatasetHasTags() {
        PipelinePlan untagged = Planner.plan(pipeline("bronze.orders", from("raw")));

        assertThat(catchThrowableOfType(PipelineValidationException.class, () -> untagged.only("tag:pii"))
                        .getMessage())
                .isEqualTo("<pipeline>: 'tag:pii' selects tag pii, which no dataset of pipeline shop has"
                        + " (no dataset has tags: give datasets tags: [pii])");
    }
}
