package dev.strata.cli;

import dev.strata.core.spec.Pipeline;
import dev.strata.store.HistoryImport;
import dev.strata.store.MetadataStore;
import dev.strata.store.StoreSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code strata quality import-history FILE --dataset D --from HISTORY.csv|json}: backfills a dataset's metric history
 * (e.g. from before the pipeline ran on Strata), so that anomaly rules judge the next run against it.
 */
@Command(
        name = "import-history",
        description = "Import past metric values of a dataset (CSV time,metric,value or JSON), for anomaly rules to"
                + " judge the next run against. Importing the same file again replaces rather than adds.")
final class QualityImportCommand implements Callable<Integer> {
    @Mixin
    PipelineFile pipelineFile;

    @Option(names = "--dataset", required = true, paramLabel = "DATASET", description = "e.g. silver.orders")
    String dataset;

    @Option(
            names = "--from",
            required = true,
            paramLabel = "HISTORY",
            description = "A .csv with the header time,metric,value, or a .json array of {time, metric, value}.")
    Path from;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Pipeline pipeline = pipelineFile.load();
        QualityHistoryCommand.checkDataset(pipeline, pipelineFile, dataset);
        List<HistoryImport.Point> points = HistoryFile.read(from, Instant.now());
        try (MetadataStore store = MetadataStore.open(StoreSettings.fromEnvironment(System.getenv()))) {
            HistoryImport.Result result =
                    store.metrics().importHistory(pipeline.spec().name(), dataset, points);
            long metrics =
                    points.stream().map(HistoryImport.Point::key).distinct().count();
            PrintWriter out = spec.commandLine().getOut();
            out.println("Imported " + points.size() + (points.size() == 1 ? " value" : " values") + " of " + metrics
                    + (metrics == 1 ? " metric" : " metrics") + " at " + result.times()
                    + (result.times() == 1 ? " time" : " times") + " for " + dataset + " from " + from.getFileName()
                    + ": " + result.added() + " new, " + result.replaced() + " replaced (" + store.describe() + ")");
            out.flush();
        }
        return 0;
    }
}
