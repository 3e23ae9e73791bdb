package dev.strata.engine.source;

import dev.strata.core.ledger.Ledger;
import dev.strata.core.spec.AllowedRoots;
import dev.strata.core.spec.SourceSpec;
import org.apache.spark.sql.SparkSession;

/**
 * What a {@link Source} needs to turn into a dataset's {@link BatchSource}.
 *
 * @param name the source's name in the pipeline file
 * @param dataset the dataset that reads it, by layer.name
 * @param roots where a server run's source files must lie
 * @param storageRoot the lakehouse root, under which checkpoints live
 */
public record SourceContext(
        SparkSession spark,
        String name,
        SourceSpec spec,
        String dataset,
        Ledger ledger,
        AllowedRoots roots,
        String storageRoot) {}
