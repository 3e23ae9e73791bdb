package dev.strata.core.plan;

import static dev.strata.core.plan.Specs.dataset;
import static dev.strata.core.plan.Specs.from;
import static dev.strata.core.plan.Specs.pipeline;
import static dev.strata.core.plan.Specs.sql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.strata.core.spec.DatasetName;
import dev.strata.core.spec.OnFail;
import dev.strata.core.spec.PipelineSpec;
import dev.strata.core.spec.PipelineValidationException;
import dev.strata.core.spec.Problem;
import dev.strata.core.spec.RuleSpec;
import dev.strata.core.spec.RuleType;
import dev.strata.core.spec.StorageSpec;
import dev.strata.core.spec.TableFormat;
import dev.strata.core.spec.TransformSpec;
import dev.strata.core.spec.WriteMode;
import dev.strata.core.spec.WriteSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlannerTest {
    private static DatasetName name(String qualified) {
        return DatasetName.parse(qualified);
    }

    @Test
    void ordersDatasetsTopologicallyAndBreaksTiesByFileOrder() {
        PipelinePlan plan = Planner.plan(pipeline(
                "gold.revenue", sql("SELECT * FROM silver.orders JOIN silver.customers USING (id)"),
                "silver.customers", from("bronze.customers"),
                "silver.orders", from("bronze.orders"),
                "bronze.orders", from("raw"),
                "bronze.customers", from("raw"),
                "gold.audit", from("bronze.orders")));

        assertThat(plan.pipelineName()).isEqualTo("shop");
        assertThat(plan.names())
                .containsExactly(
                        name("bronze.orders"),
                        name("silver.orders"),
                        name("bronze.customers"),
                        name("silver.customers"),
                        name("gold.revenue"),
                        name("gold.audit"));
    }

    @Test
    void collectsUpstreamFromFromJoinsSqlStepsAndReferenceRules() {
        RuleSpec references = RuleSpec.builder(RuleType.REFERENCES)
                .column("cid")
                .references("silver.customers.id")
                .build();
        PipelinePlan plan = Planner.plan(pipeline(
                "silver.customers", from("raw"),
                "silver.rates", from("raw"),
                "silver.orders", from("raw"),
                "gold.orders",
                        dataset(
                                "silver.orders",
                                List.of(
                                        TransformSpec.join(
                                                new TransformSpec.Join("silver.customers", List.of("cid"), null, null)),
                                        TransformSpec.sql("SELECT * FROM input JOIN silver.rates USING (currency)"),
                                        TransformSpec.sql("SELECT * FROM input UNION ALL SELECT * FROM"
                                                + " silver.orders__quarantine")),
                                List.of(references),
                                null)));

        DatasetPlan gold = plan.dataset(name("gold.orders")).orElseThrow();
        assertThat(gold.upstream())
                .containsExactly(name("silver.orders"), name("silver.customers"), name("silver.rates"));
        assertThat(gold.source()).isNull();
        assertThat(plan.names()).last().isEqualTo(name("gold.orders"));
    }

    @Test
    void namesTheSourceAndTheTableFormat() {
        PipelineSpec spec = new PipelineSpec(
                "shop",
                new StorageSpec("/lake", TableFormat.ICEBERG),
                Specs.pipeline().sources(),
                Map.of(
                        "bronze.a", from("raw"),
                        "silver.a",
                                dataset(
                                        "bronze.a",
                                        null,
                                        null,
                                        new WriteSpec(
                                                WriteMode.APPEND,
                                                null,
                                                null,
                                                TableFormat.HUDI,
                                                null,
                                                null,
                                                null,
                                                null,
                                                null))),
                null,
                null,
                null,
                null,
                null,
                null,
                null);

        PipelinePlan plan = Planner.plan(spec);

        DatasetPlan bronze = plan.dataset(name("bronze.a")).orElseThrow();
        assertThat(bronze.source()).isEqualTo("raw");
        assertThat(bronze.readsSource()).isTrue();
        assertThat(bronze.upstream()).isEmpty();
        assertThat(bronze.format()).isEqualTo(TableFormat.ICEBERG);
        assertThat(plan.dataset(name("silver.a")).orElseThrow().format()).isEqualTo(TableFormat.HUDI);
    }

    @Test
    void rejectsUnknownReferencesWithoutAPosition() {
        PipelineValidationException e = catchThrowableOfType(
                PipelineValidationException.class,
                () -> Planner.plan(pipeline(
                        "silver.orders", from("raw"),
                        "gold.a", from("silver.order"),
                        "gold.b", sql("SELECT * FROM silver.orders JOIN gold.c"))));

        assertThat(e.problems())
                .extracting(Problem::toString)
                .containsExactly(
                        "<pipeline>: datasets.gold.a.from: references silver.order, which is not defined"
                                + " (did you mean silver.orders?)",
                        "<pipeline>: datasets.gold.b.sql: references gold.c, which is not defined"
                                + " (did you mean gold.a?)");
        assertThat(e.problems()).allSatisfy(p -> assertThat(p.line()).isZero());
    }

    @Test
    void rejectsCycles() {
        PipelineValidationException e = catchThrowableOfType(
                PipelineValidationException.class,
                () -> Planner.plan(pipeline(
                        "bronze.a", from("raw"),
                        "silver.b", sql("SELECT * FROM gold.c JOIN bronze.a USING (id)"),
                        "gold.c", from("silver.d"),
                        "silver.d", from("silver.b"))));

        assertThat(e.getMessage())
                .isEqualTo("<pipeline>: datasets.silver.b: dataset cycle: silver.b -> silver.d -> gold.c -> silver.b"
                        + " (a dataset cannot read itself, directly or through others)");
    }

    @Test
    void findsACycleStartingAtTheFirstDatasetOfTheFile() {
        assertThat(Planner.findCycle(pipeline("gold.x", from("gold.x")).datasets()))
                .contains(List.of(name("gold.x"), name("gold.x")));
        assertThat(Planner.findCycle(pipeline("gold.x", from("raw")).datasets()))
                .isEmpty();
    }

    @Test
    void rejectsAnInvalidDatasetName() {
        PipelineValidationException e = catchThrowableOfType(
                PipelineValidationException.class, () -> Planner.plan(pipeline("orders", from("raw"))));

        assertThat(e.getMessage())
                .isEqualTo("<pipeline>: datasets.orders: invalid dataset name 'orders'"
                        + " (write layer.name, e.g. silver.orders)");
    }

    @Test
    void resolvesQuarantineTablesToTheirDataset() {
        assertThat(Planner.resolve(name("silver.a__quarantine"), java.util.Set.of(name("silver.a"))))
                .contains(name("silver.a"));
        assertThat(Planner.resolve(name("silver.b__quarantine"), java.util.Set.of(name("silver.a"))))
                .isEmpty();
    }

    @Test
    void keepsRuleOnFailInThePlannedSpec() {
        PipelinePlan plan = Planner.plan(pipeline(
                "bronze.a",
                dataset("raw", null, List.of(RuleSpec.of(RuleType.NOT_NULL, "id", OnFail.QUARANTINE)), null)));

        assertThat(plan.datasets().get(0).spec().expect().get(0).onFail()).isEqualTo(OnFail.QUARANTINE);
    }
}
