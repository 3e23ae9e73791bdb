package dev.strata.engine.crypto;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import dev.strata.core.crypto.ColumnCipher;
import dev.strata.core.crypto.KeyMaterial;
import dev.strata.core.crypto.KeyStore;
import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.core.plan.DatasetPlan;
import dev.strata.core.plan.Planner;
import dev.strata.core.spec.DatasetName;
import dev.strata.core.spec.EncryptSpec;
import dev.strata.core.spec.Pipeline;
import dev.strata.core.spec.SchemaEvolution;
import dev.strata.core.spec.WriteMode;
import dev.strata.core.spec.WriteSpec;
import dev.strata.engine.run.TableLocations;
import dev.strata.engine.sink.CommitId;
import dev.strata.engine.sink.Sink;
import dev.strata.engine.sink.Sinks;
import dev.strata.engine.sink.TableRef;
import dev.strata.engine.sink.WriteRequest;
import java.time.Instant;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;

/**
 * Re-encrypts a dataset's encrypted columns under its key's current primary key, after a rotation: one overwrite of the
 * table through its format's sink, in one commit. Idempotent: a table whose values are all under the primary key is
 * left alone, and the commit carries {@code strata-reencrypt:<dataset>} with the key's generation, so a retry after a
 * crash commits nothing twice. Every format's sink supports it (Delta, Iceberg, Hudi, plain files).
 */
public final class Reencryption {
    private Reencryption() {}

    /** What a re-encryption did. */
    public record Result(String dataset, String key, int generation, long rows, long stale, boolean written) {}

    public static Result reencrypt(SparkSession spark, Pipeline pipeline, String datasetName, KeyStore keys) {
        DatasetName name = DatasetName.parse(datasetName);
        DatasetPlan plan = Planner.plan(pipeline.spec()).datasets().stream()
                .filter(p -> p.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new StrataException(
                        ErrorCode.NOT_FOUND,
                        "Cannot re-encrypt " + datasetName + ": the pipeline has no such dataset (see strata plan "
                                + pipeline.file().getFileName() + ")"));
        EncryptSpec spec = plan.spec().encrypt();
        if (spec == null) {
            throw new StrataException(
                    ErrorCode.INVALID_SPEC,
                    "Cannot re-encrypt " + datasetName + ": it declares no encrypt: (add encrypt: {columns: [...], key:"
                            + " NAME} to it)");
        }
        KeyMaterial key = keys.open(spec.key());
        key.checkEnabled();
        boolean deterministic = Boolean.TRUE.equals(spec.deterministic());
        byte[] keyset = key.keyset(deterministic);
        long primary = key.decrypter(deterministic).primaryKeyId();
        Sink sink = Sinks.forFormat(plan.format().id());
        TableRef table = new TableLocations(pipeline.spec().storage()).table(name);
        if (!sink.exists(spark, table)) {
            throw new StrataException(
                    ErrorCode.NOT_FOUND,
                    "Cannot re-encrypt " + datasetName + ": its table does not exist yet at " + table.location()
                            + " (nothing to re-encrypt)");
        }
        Dataset<Row> rows = sink.read(spark, table);
        UDF1<String, Long> keyId = ColumnCipher::keyId;
        var keyOf = udf(keyId, DataTypes.LongType);
        Column stale = lit(false);
        for (String column : spec.columns()) {
            stale = stale.or(
                    col(column).isNotNull().and(keyOf.apply(col(column)).notEqual(lit(primary))));
        }
        Row counts = rows.agg(
                        org.apache.spark.sql.functions.count(lit(1)),
                        org.apache.spark.sql.functions.sum(when(stale, 1L).otherwise(0L)))
                .first();
        long total = counts.getLong(0);
        long staleRows = counts.isNullAt(1) ? 0 : counts.getLong(1);
        int generation = key.metadata().generation();
        if (staleRows == 0) {
            return new Result(datasetName, spec.key(), generation, total, 0, false);
        }
        Dataset<Row> reencrypted = rows;
        for (String column : spec.columns()) {
            var function = udf(
                    new ReencryptFunction(keyset, deterministic, ColumnCipher.context(datasetName, column)),
                    DataTypes.StringType);
            if (!deterministic) {
                function = function.asNondeterministic();
            }
            reencrypted = reencrypted.withColumn(column, function.apply(col(column)));
        }
        WriteSpec write = plan.spec().write();
        WriteSpec overwrite = new WriteSpec(
                WriteMode.OVERWRITE,
                write.keys(),
                write.track(),
                write.format(),
                write.partitionBy(),
                write.orderBy(),
                null,
                write.tableType(),
                write.options());
        sink.write(
                reencrypted,
                new WriteRequest(
                        table,
                        overwrite,
                        SchemaEvolution.STRICT,
                        new CommitId("strata-reencrypt:" + datasetName, generation),
                        Instant.now()));
        return new Result(datasetName, spec.key(), generation, total, staleRows, true);
    }
}
