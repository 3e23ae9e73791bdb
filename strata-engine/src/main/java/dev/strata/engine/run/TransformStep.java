package dev.strata.engine.run;

import static org.apache.spark.sql.functions.lit;

import dev.strata.core.plan.DatasetPlan;
import dev.strata.core.spec.TransformSpec;
import dev.strata.core.spec.WriteMode;
import dev.strata.engine.lineage.RunLineage;
import dev.strata.engine.source.BatchRun;
import dev.strata.engine.source.SourceBatch;
import dev.strata.engine.transform.Transforms;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Step 2 of a batch: the dataset's transform steps; an appended batch's rows then carry the batch's run id. */
final class TransformStep {
    private final PipelineTables tables;
    private final RunLineage lineage;

    TransformStep(PipelineTables tables, RunLineage lineage) {
        this.tables = tables;
        this.lineage = lineage;
    }

    Dataset<Row> apply(DatasetPlan plan, Dataset<Row> rows, BatchRun run) {
        Dataset<Row> transformed = rows;
        for (TransformSpec step : plan.spec().transform()) {
            transformed = Transforms.apply(transformed, step, tables::read, tables::sql);
        }
        lineage.transformed(plan, transformed);
        if (plan.spec().write().mode() == WriteMode.APPEND) {
            transformed = transformed.withColumn(SourceBatch.RUN_ID, lit(run.runId()));
        }
        return transformed;
    }
}
