package dev.strata.cli;

import static org.apache.spark.sql.functions.col;

import dev.strata.core.error.Messages;
import dev.strata.core.plan.DatasetPlan;
import dev.strata.core.plan.PipelinePlan;
import dev.strata.core.spec.DatasetName;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.spec.SourceFormat;
import dev.strata.core.spec.SourceSpec;
import dev.strata.core.spec.TableFormat;
import dev.strata.core.spec.TransformSpec;
import dev.strata.engine.run.TableLocations;
import dev.strata.engine.source.SourceFiles;
import dev.strata.engine.source.SourceRead;
import dev.strata.engine.source.Sources;
import dev.strata.engine.sql.SqlSyntax;
import dev.strata.engine.transform.Transforms;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Spark's physical plan of a dataset's rows before its rules and write, built as a run builds them (its source read,
 * or its query or upstream table, then its steps) but never executed. A dataset whose input is not built yet, or is a
 * Kafka topic, gets a line saying so instead.
 */
final class DatasetExplainer {
    private final SparkSession spark;
    private final Pipeline pipeline;
    private final Set<DatasetName> built = new HashSet<>();

    /** Registers every table of {@code whole} that exists, so that queries and joins can name it. */
    DatasetExplainer(SparkSession spark, Pipeline pipeline, PipelinePlan whole) {
        this.spark = spark;
        this.pipeline = pipeline;
        TableLocations locations = new TableLocations(pipeline.spec().storage());
        for (DatasetPlan dataset : whole.datasets()) {
            if (locations.register(spark, dataset.name(), dataset.format())) {
                built.add(dataset.name());
            }
            if (locations.register(spark, dataset.name().quarantine(), TableFormat.DELTA)) {
                built.add(dataset.name().quarantine());
            }
        }
    }

    /** {@code == Physical Plan ==} and the plan, or one {@code -- no plan: …} line with the reason. */
    String explain(DatasetPlan dataset) {
        List<DatasetName> missing = dataset.upstream().stream()
                .filter(name -> !built.contains(name))
                .toList();
        try {
            Dataset<Row> rows = input(dataset);
            for (TransformSpec step : dataset.spec().transform()) {
                rows = Transforms.apply(rows, step, spark::table, spark::sql);
            }
            return rows.queryExecution().simpleString().strip() + "\n";
        } catch (Exception e) { // Spark's AnalysisException is checked, though Scala declares none
            if (!missing.isEmpty()) {
                String names = missing.stream().map(DatasetName::toString).collect(Collectors.joining(", "));
                return "-- no plan: it reads " + names + ", not built yet (build "
                        + (missing.size() == 1 ? "it" : "them") + " first: strata run FILE --only " + names + ")\n";
            }
            return "-- no plan: " + Messages.firstLine(e) + "\n";
        }
    }

    private Dataset<Row> input(DatasetPlan dataset) {
        if (dataset.spec().sql() != null) {
            return spark.sql(dataset.spec().sql());
        }
        if (dataset.source() == null) {
            DatasetName from = DatasetName.parse(dataset.spec().from());
            return spark.table(SqlSyntax.qualified(from.layer(), from.name()));
        }
        SourceSpec source = pipeline.spec().sources().get(dataset.source());
        if (source.format() == SourceFormat.KAFKA) {
            throw new IllegalStateException("source " + dataset.source() + " is a Kafka topic, read only by a run");
        }
        List<String> files = source.format().isFileBased() ? SourceFiles.list(spark, source.path()) : List.of();
        SourceRead read = Sources.forFormat(source.format().id()).read(spark, source, files);
        if (!read.mayHaveMalformed()) {
            return read.rows();
        }
        return read.rows().filter(col(SourceRead.RAW_RECORD).isNull()).drop(SourceRead.RAW_RECORD);
    }
}
