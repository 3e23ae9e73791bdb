package dev.strata.cli;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.core.spec.Durations;
import dev.strata.core.spec.Pipeline;
import dev.strata.engine.run.TableMaintenance;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code strata maintain FILE}: compact small files and remove versions past the retention, per table format. */
@Command(
        name = "maintain",
        description = "Compact small files and remove table versions older than storage.retention"
                + " (Delta OPTIMIZE + VACUUM, Iceberg rewrite_data_files + expire_snapshots, Hudi clustering/compaction +"
                + " clean).")
final class MaintainCommand implements Callable<Integer> {
    @Mixin
    PipelineFile pipelineFile;

    @Option(
            names = "--dataset",
            paramLabel = "SELECTOR",
            description = "Only these datasets, e.g. silver.orders or silver.* (default: all).")
    String selector;

    @Option(
            names = "--retention",
            paramLabel = "DURATION",
            description = "Keep versions of this long ago, e.g. 48h (default: storage.retention, else 7d).")
    String retention;

    @Mixin
    SparkOptions spark;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Pipeline pipeline = pipelineFile.load();
        Duration keep = keep(retention == null ? pipeline.spec().storage().retention() : retention);
        SparkSession session = spark.start("strata maintain", pipeline);
        List<TableMaintenance.Outcome> outcomes;
        try {
            outcomes = TableMaintenance.run(session, pipeline, selector, keep);
        } finally {
            session.stop();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (outcomes.isEmpty()) {
            out.println("No table exists yet; run the pipeline first.");
        }
        for (TableMaintenance.Outcome outcome : outcomes) {
            if (outcome.failed()) {
                out.printf(Locale.ROOT, "%-40s %-8s FAILED  %s%n", outcome.table(), outcome.format(), outcome.error());
            } else {
                out.printf(
                        Locale.ROOT,
                        "%-40s %-8s ok      %d files compacted, %d files removed; %s%n",
                        outcome.table(),
                        outcome.format(),
                        outcome.result().filesCompacted(),
                        outcome.result().filesRemoved(),
                        outcome.result().detail());
            }
        }
        out.flush();
        return outcomes.stream().anyMatch(TableMaintenance.Outcome::failed) ? 1 : 0;
    }

    private static Duration keep(String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new StrataException(ErrorCode.INVALID_SPEC, "Cannot maintain: " + e.getMessage());
        }
    }
}
