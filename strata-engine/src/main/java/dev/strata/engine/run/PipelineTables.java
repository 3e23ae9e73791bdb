package dev.strata.engine.run;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.core.plan.DatasetPlan;
import dev.strata.core.plan.SqlReferences;
import dev.strata.core.spec.DatasetName;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.spec.SourceSpec;
import dev.strata.core.spec.TableFormat;
import dev.strata.engine.sink.Sink;
import dev.strata.engine.sink.Sinks;
import dev.strata.engine.sink.TableRef;
import dev.strata.engine.source.SourceFiles;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The current tables of a pipeline's datasets, as joins, SQL and upstream reads see them during a run. */
final class PipelineTables {
    private final SparkSession spark;
    private final Pipeline pipeline;
    private final TableLocations locations;
    private final Map<DatasetName, DatasetPlan> plans;

    PipelineTables(
            SparkSession spark, Pipeline pipeline, TableLocations locations, Map<DatasetName, DatasetPlan> plans) {
        this.spark = spark;
        this.pipeline = pipeline;
        this.locations = locations;
        this.plans = plans;
    }

    /** The plan of a dataset of the pipeline, selected for this run or not; null for a name it does not define. */
    DatasetPlan plan(DatasetName name) {
        return plans.get(name);
    }

    /** Runs SQL after registering the tables it names, so {@code silver.orders} resolves to the current table. */
    Dataset<Row> sql(String query) {
        Set<String> layers = new HashSet<>(SqlReferences.STANDARD_LAYERS);
        plans.keySet().forEach(n -> layers.add(n.layer()));
        for (DatasetName referenced : SqlReferences.extract(query, layers)) {
            DatasetPlan owner = plans.get(referenced);
            if (owner != null) {
                if (!locations.register(spark, referenced, owner.format())) {
                    String noInput = sourceWithoutData(owner);
                    if (noInput != null) {
                        throw notWritten(referenced, noInput);
                    }
                }
            } else {
                locations.register(spark, referenced, TableFormat.DELTA);
            }
        }
        return spark.sql(query);
    }

    /** A dataset's current table, by layer.name. */
    Dataset<Row> read(String qualified) {
        DatasetName name = DatasetName.parse(qualified);
        DatasetPlan plan = plans.get(name);
        Sink sink = Sinks.forFormat(
                plan == null
                        ? pipeline.spec().storage().format().id()
                        : plan.spec()
                                .write()
                                .formatOr(pipeline.spec().storage().format())
                                .id());
        TableRef table = locations.table(name);
        if (!sink.exists(spark, table)) {
            String noInput = plan == null ? null : sourceWithoutData(plan);
            throw notWritten(
                    name,
                    noInput != null
                            ? noInput
                            : "build it first, e.g. strata run "
                                    + pipeline.file().getFileName() + " --only +" + name);
        }
        return sink.read(spark, table);
    }

    private StrataException notWritten(DatasetName name, String reason) {
        return new StrataException(
                ErrorCode.NOT_FOUND,
                "Cannot read " + name + ": its table does not exist yet at "
                        + locations.table(name).location() + " (" + reason + ")");
    }

    /**
     * Why a dataset that reads files has never been written, when its source holds no data file: building it first
     * would not help. Null when the dataset reads no file source or its source has files.
     */
    private String sourceWithoutData(DatasetPlan plan) {
        String from = plan.spec().from();
        SourceSpec source = from == null ? null : pipeline.spec().sources().get(from);
        if (source == null || !source.format().isFileBased()) {
            return null;
        }
        String why;
        try {
            if (!SourceFiles.list(spark, source.path()).isEmpty()) {
                return null;
            }
            why = "holds no data file";
        } catch (StrataException e) {
            if (e.code() != ErrorCode.SOURCE_UNREADABLE) {
                return null;
            }
            why = e.getMessage().contains("does not exist") ? "does not exist" : "cannot be listed";
        }
        return plan.name() + " has had no input: source " + from + " at " + source.path() + " " + why
                + "; put files there, or correct sources." + from + ".path";
    }
}
