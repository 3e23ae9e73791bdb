package dev.strata.engine.lineage;

import dev.strata.core.plan.DatasetPlan;
import dev.strata.core.quality.DatasetMetrics;
import dev.strata.core.quality.MetricValue;
import dev.strata.core.run.RuleResult;
import dev.strata.core.run.RuleStatus;
import dev.strata.core.spec.RuleSpec;
import io.openlineage.client.OpenLineage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The facets Strata knows: a table's schema, a batch's quality, and the columns its columns come from. */
final class LineageFacets {
    private final OpenLineage ol;

    LineageFacets(OpenLineage ol) {
        this.ol = ol;
    }

    /** The schema facet of a written table: every column with its Spark type, structs with their fields. */
    OpenLineage.SchemaDatasetFacet schema(StructType schema) {
        return ol.newSchemaDatasetFacet(fields(schema));
    }

    private List<OpenLineage.SchemaDatasetFacetFields> fields(StructType schema) {
        List<OpenLineage.SchemaDatasetFacetFields> fields = new ArrayList<>();
        for (StructField field : schema.fields()) {
            String comment = field.getComment().isDefined() ? field.getComment().get() : null;
            if (field.dataType() instanceof StructType struct) {
                fields.add(ol.newSchemaDatasetFacetFields(field.name(), "struct", comment, fields(struct)));
            } else {
                fields.add(ol.newSchemaDatasetFacetFields(
                        field.name(), field.dataType().simpleString(), comment, null));
            }
        }
        return fields;
    }

    /**
     * The batch's metrics: {@code rowCount} is the rows the batch read (the run summary's "in"); per column, the
     * metrics every run measures over the written rows (null count, and sum, min and max where the column has them).
     */
    OpenLineage.DataQualityMetricsInputDatasetFacet metrics(long rowsIn, DatasetMetrics metrics) {
        Map<String, Map<String, Double>> byColumn = new LinkedHashMap<>();
        if (metrics != null) {
            for (MetricValue value : metrics.metrics()) {
                String metric = value.key().metric();
                String column = value.key().subject();
                if (column != null
                        && value.partition().isEmpty()
                        && List.of("null_count", "distinct_count", "sum", "min", "max")
                                .contains(metric)
                        && Double.isFinite(value.value())) {
                    byColumn.computeIfAbsent(column, c -> new HashMap<>()).put(metric, value.value());
                }
            }
        }
        OpenLineage.DataQualityMetricsInputDatasetFacetColumnMetricsBuilder columns =
                ol.newDataQualityMetricsInputDatasetFacetColumnMetricsBuilder();
        byColumn.forEach((column, values) -> columns.put(
                column,
                ol.newDataQualityMetricsInputDatasetFacetColumnMetricsAdditionalBuilder()
                        .nullCount(whole(values.get("null_count")))
                        .distinctCount(whole(values.get("distinct_count")))
                        .sum(values.get("sum"))
                        .min(values.get("min"))
                        .max(values.get("max"))
                        .build()));
        return ol.newDataQualityMetricsInputDatasetFacetBuilder()
                .rowCount(rowsIn)
                .columnMetrics(columns.build())
                .build();
    }

    /** Each rule's verdict: passed, or not (warned or failed), with the column it judges. */
    OpenLineage.DataQualityAssertionsDatasetFacet assertions(DatasetPlan plan, List<RuleResult> rules) {
        Map<String, RuleSpec> specs = new HashMap<>();
        plan.spec().expect().forEach(rule -> specs.put(rule.displayName(), rule));
        List<OpenLineage.DataQualityAssertionsDatasetFacetAssertions> assertions = new ArrayList<>();
        for (RuleResult rule : rules) {
            RuleSpec spec = specs.get(rule.name());
            assertions.add(ol.newDataQualityAssertionsDatasetFacetAssertions(
                    rule.rule() == null ? rule.name() : rule.rule(),
                    rule.status() == RuleStatus.PASSED,
                    spec == null ? null : spec.column()));
        }
        return ol.newDataQualityAssertionsDatasetFacet(assertions);
    }

    /** The column-lineage facet, or null when no output column's inputs are known. */
    OpenLineage.ColumnLineageDatasetFacet columns(
            Map<String, Map<ColumnLineage.Field, ColumnLineage.Kind>> lineage, StructType written) {
        OpenLineage.ColumnLineageDatasetFacetFieldsBuilder fields = ol.newColumnLineageDatasetFacetFieldsBuilder();
        boolean[] any = {false};
        List<String> names = written == null ? null : List.of(written.fieldNames());
        lineage.forEach((column, inputs) -> {
            if (names != null && !names.contains(column)) {
                return;
            }
            List<OpenLineage.InputField> from = new ArrayList<>();
            inputs.forEach((field, kind) -> from.add(ol.newInputField(
                    field.dataset().namespace(),
                    field.dataset().name(),
                    field.column(),
                    List.of(ol.newInputFieldTransformations("DIRECT", kind.name(), null, null)))));
            fields.put(
                    column,
                    ol.newColumnLineageDatasetFacetFieldsAdditionalBuilder()
                            .inputFields(from)
                            .build());
            any[0] = true;
        });
        return any[0] ? ol.newColumnLineageDatasetFacet(fields.build(), null) : null;
    }

    private static Long whole(Double value) {
        return value == null ? null : Math.round(value);
    }
}
