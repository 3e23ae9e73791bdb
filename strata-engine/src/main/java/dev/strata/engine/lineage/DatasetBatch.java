package dev.strata.engine.lineage;

import dev.strata.core.plan.DatasetPlan;
import dev.strata.core.quality.DatasetMetrics;
import dev.strata.core.run.DatasetResult;
import dev.strata.core.run.RunStatus;
import dev.strata.engine.lineage.LineageNames.DatasetId;
import io.openlineage.client.OpenLineage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.StructType;

/**
 * The inputs and outputs one dataset's event names. Before the dataset is built (START) they are names only; once it
 * is, the input its batch read carries the batch's quality (metrics and rule verdicts), and the table it wrote carries
 * its schema, the rows written and, where known, the columns each column comes from. Rows the rules quarantined name
 * the quarantine table as a second output.
 */
final class DatasetBatch {
    private final OpenLineage ol;
    private final LineageFacets facets;
    private final LineageNames names;
    private final DatasetPlan plan;
    private final DatasetResult result;

    /** @param result the dataset's outcome, or null before it is built */
    DatasetBatch(OpenLineage ol, LineageFacets facets, LineageNames names, DatasetPlan plan, DatasetResult result) {
        this.ol = ol;
        this.facets = facets;
        this.names = names;
        this.plan = plan;
        this.result = result;
    }

    /** @param metrics what the batch measured, or null when no batch was read (nothing new, skipped, not built) */
    List<OpenLineage.InputDataset> inputs(DatasetMetrics metrics) {
        DatasetId primary = names.primaryInput(plan);
        // A batch that was read was measured, whether it then committed or a rule failed it; no input, no metrics.
        boolean judged = result != null && metrics != null;
        List<OpenLineage.InputDataset> inputs = new ArrayList<>();
        for (DatasetId input : names.inputs(plan)) {
            OpenLineage.InputDatasetInputFacets quality = null;
            if (judged && input.equals(primary)) {
                quality = ol.newInputDatasetInputFacetsBuilder()
                        .dataQualityMetrics(facets.metrics(result.rowsIn(), metrics))
                        .dataQualityAssertions(facets.assertions(plan, result.rules()))
                        .build();
            }
            inputs.add(ol.newInputDataset(input.namespace(), input.name(), null, quality));
        }
        return inputs;
    }

    /**
     * @param schema the written table's schema, or null
     * @param columns the column lineage of the batch, or null
     */
    List<OpenLineage.OutputDataset> outputs(
            StructType schema, Map<String, Map<ColumnLineage.Field, ColumnLineage.Kind>> columns) {
        DatasetId table = names.dataset(plan.name());
        List<OpenLineage.OutputDataset> outputs = new ArrayList<>();
        if (result == null || result.status() != RunStatus.SUCCEEDED) {
            outputs.add(ol.newOutputDataset(table.namespace(), table.name(), null, null));
            return outputs;
        }
        OpenLineage.DatasetFacetsBuilder described = ol.newDatasetFacetsBuilder();
        if (schema != null) {
            described.schema(facets.schema(schema));
        }
        if (columns != null) {
            described.columnLineage(facets.columns(columns, schema));
        }
        outputs.add(ol.newOutputDataset(
                table.namespace(),
                table.name(),
                described.build(),
                ol.newOutputDatasetOutputFacetsBuilder()
                        .outputStatistics(ol.newOutputStatisticsOutputDatasetFacet(result.rowsWritten(), null, null))
                        .build()));
        if (result.rowsQuarantined() > 0) {
            DatasetId quarantine = names.dataset(plan.name().quarantine());
            outputs.add(ol.newOutputDataset(
                    quarantine.namespace(),
                    quarantine.name(),
                    null,
                    ol.newOutputDatasetOutputFacetsBuilder()
                            .outputStatistics(
                                    ol.newOutputStatisticsOutputDatasetFacet(result.rowsQuarantined(), null, null))
                            .build()));
        }
        return outputs;
    }
}
