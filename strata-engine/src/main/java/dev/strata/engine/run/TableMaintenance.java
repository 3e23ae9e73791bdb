package dev.strata.engine.run;

import dev.strata.core.error.Messages;
import dev.strata.core.error.StrataException;
import dev.strata.core.plan.DatasetPlan;
import dev.strata.core.spec.DatasetName;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.spec.TableFormat;
import dev.strata.engine.sink.MaintenanceResult;
import dev.strata.engine.sink.Sink;
import dev.strata.engine.sink.Sinks;
import dev.strata.engine.sink.TableRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/** {@code strata maintain}: compaction and removal of old versions, per table, as each format does them. */
public final class TableMaintenance {
    /** What maintenance did to one table, or why it could not. */
    public record Outcome(String table, String format, MaintenanceResult result, String error) {
        public boolean failed() {
            return error != null;
        }
    }

    private TableMaintenance() {}

    /**
     * Maintains every existing table of the selected datasets (and their quarantine tables), keeping the versions of
     * the last {@code retention}. A table that does not exist yet is skipped; a failure on one table does not stop the
     * others.
     */
    public static List<Outcome> run(SparkSession spark, Pipeline pipeline, String selector, Duration retention) {
        TableLocations locations = new TableLocations(pipeline.spec().storage());
        List<Outcome> outcomes = new ArrayList<>();
        for (DatasetPlan dataset : PipelineRunner.plan(pipeline, selector).datasets()) {
            maintain(spark, locations.table(dataset.name()), dataset.format(), retention, outcomes);
            DatasetName quarantine = dataset.name().quarantine();
            maintain(spark, locations.table(quarantine), TableFormat.DELTA, retention, outcomes);
        }
        return outcomes;
    }

    private static void maintain(
            SparkSession spark, TableRef table, TableFormat format, Duration retention, List<Outcome> outcomes) {
        Sink sink = Sinks.forFormat(format.id());
        if (!sink.exists(spark, table)) {
            return;
        }
        String name = table.name().toString();
        try {
            outcomes.add(new Outcome(name, format.id(), sink.maintain(spark, table, retention), null));
        } catch (StrataException e) {
            outcomes.add(new Outcome(name, format.id(), null, e.getMessage()));
        } catch (RuntimeException e) {
            outcomes.add(
                    new Outcome(name, format.id(), null, "Cannot maintain " + name + ": " + Messages.firstLine(e)));
        }
    }
}
