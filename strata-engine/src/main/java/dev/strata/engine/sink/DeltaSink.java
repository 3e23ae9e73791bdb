package dev.strata.engine.sink;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.core.error.UnsupportedFeatureException;
import dev.strata.core.spec.SchemaEvolution;
import dev.strata.core.spec.WriteMode;
import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Delta Lake tables by path: append, overwrite (dynamic per partition when partitioned) and merge. */
public final class DeltaSink implements Sink {
    @Override
    public String format() {
        return "delta";
    }

    @Override
    public boolean exists(SparkSession spark, String location) {
        return DeltaTable.isDeltaTable(spark, location);
    }

    @Override
    public Dataset<Row> read(SparkSession spark, String location) {
        return spark.read().format("delta").load(location);
    }

    @Override
    public WriteResult write(Dataset<Row> rows, WriteRequest request) {
        SparkSession spark = rows.sparkSession();
        boolean exists = exists(spark, request.location());
        if (exists) {
            checkSchema(
                    request,
                    rows.schema(),
                    DeltaTable.forPath(spark, request.location()).toDF().schema());
        }
        switch (request.mode()) {
            case APPEND:
                save(rows, request, "append", exists);
                break;
            case OVERWRITE:
                save(rows, request, "overwrite", exists);
                break;
            case MERGE:
                if (exists) {
                    merge(rows, request);
                } else {
                    save(rows, request, "append", false);
                }
                break;
            default:
                throw new UnsupportedFeatureException(
                        "write mode " + request.mode().id() + " (see issue #3)", request.table() + ".write.mode");
        }
        return lastCommit(spark, request.location());
    }

    private static void save(Dataset<Row> rows, WriteRequest request, String saveMode, boolean exists) {
        DataFrameWriter<Row> writer = rows.write().format("delta").mode(saveMode);
        if (!request.partitionBy().isEmpty()) {
            writer = writer.partitionBy(request.partitionBy().toArray(String[]::new));
            if ("overwrite".equals(saveMode) && exists) {
                writer = writer.option("partitionOverwriteMode", "dynamic");
            }
        }
        if (request.schemaEvolution() == SchemaEvolution.ADD_COLUMNS) {
            writer = writer.option("mergeSchema", "true");
        }
        writer.save(request.location());
    }

    private static void merge(Dataset<Row> rows, WriteRequest request) {
        SparkSession spark = rows.sparkSession();
        String condition = request.keys().stream()
                .map(k -> "t.`" + k + "` = s.`" + k + "`")
                .collect(Collectors.joining(" AND "));
        String autoMerge = "spark.databricks.delta.schema.autoMerge.enabled";
        String previous = spark.conf().get(autoMerge, "false");
        spark.conf().set(autoMerge, String.valueOf(request.schemaEvolution() == SchemaEvolution.ADD_COLUMNS));
        try {
            DeltaTable.forPath(spark, request.location())
                    .as("t")
                    .merge(rows.as("s"), condition)
                    .whenMatched()
                    .updateAll()
                    .whenNotMatched()
                    .insertAll()
                    .execute();
        } catch (RuntimeException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("multiple source rows matched")
                    || message.contains("DELTA_MULTIPLE_SOURCE_ROW_MATCHING_TARGET_ROW_IN_MERGE")) {
                throw new StrataException(
                        ErrorCode.DATASET_FAILED,
                        "Cannot merge into " + request.table() + ": several input rows share a key " + request.keys()
                                + " (add a dedupe step on " + request.keys() + " before the write)",
                        e);
            }
            throw e;
        } finally {
            spark.conf().set(autoMerge, previous);
        }
    }

    /** Strict schema evolution: any column added, removed or retyped is an error that shows the diff. */
    private static void checkSchema(WriteRequest request, StructType incoming, StructType table) {
        List<String> diff = new ArrayList<>();
        for (StructField field : incoming.fields()) {
            StructField existing = find(table, field.name());
            if (existing == null) {
                if (request.schemaEvolution() != SchemaEvolution.ADD_COLUMNS) {
                    diff.add("+ " + field.name() + " " + sql(field));
                }
            } else if (!sameType(existing, field)) {
                diff.add("~ " + field.name() + " " + sql(existing) + " -> " + sql(field));
            }
        }
        if (request.mode() != WriteMode.OVERWRITE) {
            for (StructField field : table.fields()) {
                if (find(incoming, field.name()) == null && request.schemaEvolution() == SchemaEvolution.STRICT) {
                    diff.add("- " + field.name() + " " + sql(field));
                }
            }
        }
        if (!diff.isEmpty()) {
            throw new StrataException(
                    ErrorCode.DATASET_FAILED,
                    "Cannot write " + request.table() + ": the input's columns differ from the table's ["
                            + String.join(", ", diff)
                            + "] (set schema_evolution: add_columns to widen the table, or fix the transform)");
        }
    }

    private static StructField find(StructType schema, String name) {
        for (StructField field : schema.fields()) {
            if (field.name().equalsIgnoreCase(name)) {
                return field;
            }
        }
        return null;
    }

    /** Types compared as SQL names, so a nullability difference inside an array or struct is no schema change. */
    private static boolean sameType(StructField a, StructField b) {
        return sql(a).equals(sql(b));
    }

    private static String sql(StructField field) {
        return field.dataType().sql().toLowerCase(Locale.ROOT);
    }

    /** The version our commit created; the DeltaLog instance is the one the write just updated, so no job runs. */
    private static WriteResult lastCommit(SparkSession spark, String location) {
        return new WriteResult(
                DeltaLog.forTable(spark, location).unsafeVolatileSnapshot().version());
    }
}
