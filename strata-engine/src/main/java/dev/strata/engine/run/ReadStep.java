package dev.strata.engine.run;

import dev.strata.core.ledger.Ledger;
import dev.strata.core.plan.DatasetPlan;
import dev.strata.core.spec.AllowedRoots;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.spec.SourceSpec;
import dev.strata.engine.source.BatchSource;
import dev.strata.engine.source.SourceBatch;
import dev.strata.engine.source.SourceContext;
import dev.strata.engine.source.Sources;
import org.apache.spark.sql.SparkSession;

/**
 * Step 1 of a dataset: its input as a {@link BatchSource} (a source, found by format; its SQL query; or its upstream
 * dataset), and each batch split into good rows and malformed records.
 */
final class ReadStep {
    private final SparkSession spark;
    private final Pipeline pipeline;
    private final Ledger ledger;
    private final AllowedRoots roots;
    private final PipelineTables tables;
    private final Observations observations;

    ReadStep(
            SparkSession spark,
            Pipeline pipeline,
            Ledger ledger,
            AllowedRoots roots,
            PipelineTables tables,
            Observations observations) {
        this.spark = spark;
        this.pipeline = pipeline;
        this.ledger = ledger;
        this.roots = roots;
        this.tables = tables;
        this.observations = observations;
    }

    BatchSource source(DatasetPlan plan) {
        if (plan.source() != null) {
            SourceSpec spec = pipeline.spec().sources().get(plan.source());
            SourceContext context = new SourceContext(
                    spark,
                    plan.source(),
                    spec,
                    plan.name().toString(),
                    ledger,
                    roots,
                    pipeline.spec().storage().root());
            return Sources.forFormat(spec.format().id()).batches(context);
        }
        if (plan.spec().sql() != null) {
            return new QueryBatches(plan.spec().sql(), tables);
        }
        return new UpstreamBatches(plan, tables, ledger);
    }

    InputRows split(SourceBatch batch, String dataset, PersistedRows cache) {
        return InputRows.split(batch, observations.create("input", dataset), cache);
    }
}
