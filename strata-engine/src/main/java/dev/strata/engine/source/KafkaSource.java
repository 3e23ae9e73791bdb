package dev.strata.engine.source;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import dev.strata.core.config.Config;
import dev.strata.core.config.RunConfig;
import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.Messages;
import dev.strata.core.error.StrataException;
import dev.strata.core.spec.SourceSpec;
import dev.strata.engine.isolation.FailureDetails;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A Kafka topic of JSON values, read with Spark Structured Streaming. Exactly-once comes from the checkpoint: each
 * {@link #stream} call reads what was added since the last one ({@link Trigger#AvailableNow()}) and hands each
 * micro-batch with its checkpointed batch id to a {@link BatchHandler}, which must commit it idempotently per batch id.
 *
 * <p>As a {@link Source}, a topic is read as {@link #batches batches} of a stream whose progress lives in a
 * checkpoint, never as a bounded list of files.
 *
 * <p>Defaults, each overridable through the source's {@code options}: {@code startingOffsets: earliest} (a new pipeline
 * reads the whole retained topic) and Spark's {@code failOnDataLoss: true}: offsets that expired before they were read
 * fail the run instead of silently breaking row conservation; set {@code failOnDataLoss: "false"} to skip them.
 * Options starting with {@code kafka.} go to the Kafka consumer only; the others also reach the JSON parser (e.g.
 * {@code timestampFormat}).
 */
public final class KafkaSource implements Source {
    /** Partition, offset and timestamp of the record a row came from. */
    public static final String PARTITION = "_kafka_partition";

    public static final String OFFSET = "_kafka_offset";
    public static final String TIMESTAMP = "_kafka_timestamp";

    /** The environment variable read when the spec names no bootstrap servers. */
    public static final String BOOTSTRAP_ENV = RunConfig.KAFKA_BOOTSTRAP_SERVERS.name();

    private static final String CORRUPT = "_corrupt_record";
    private static final String VALUE = "__strata_kafka_value";
    private static final String PARSED = "__strata_kafka_parsed";
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(password|secret|sasl\\.jaas|token).*");

    /** Receives each micro-batch of a {@link #stream}, with the checkpoint's batch id. */
    @FunctionalInterface
    public interface BatchHandler {
        void handle(SourceRead batch, long batchId);
    }

    @Override
    public String format() {
        return "kafka";
    }

    /** Refused: a topic has no files; a dataset reads it through {@link #batches}. */
    @Override
    public SourceRead read(SparkSession spark, SourceSpec spec, List<String> files) {
        throw new StrataException(
                ErrorCode.UNSUPPORTED,
                "Cannot read Kafka topic '" + spec.topic() + "' as files: a Kafka source is read as a stream from its"
                        + " checkpoint");
    }

    @Override
    public BatchSource batches(SourceContext context) {
        return new KafkaBatches(context);
    }

    /**
     * Parses rows as Spark's Kafka source returns them ({@code value} binary, {@code topic}, {@code partition},
     * {@code offset}, {@code timestamp}) into the columns of the spec's schema, plus {@link SourceRead#SOURCE_FILE}
     * ({@code kafka://<topic>/<partition>/<offset>}), {@link #PARTITION}, {@link #OFFSET}, {@link #TIMESTAMP} and
     * {@link SourceRead#RAW_RECORD}: the value as text when it does not fit the schema, NULL for a good row.
     */
    public static SourceRead parse(Dataset<Row> kafkaRows, SourceSpec spec) {
        StructType declared = requiredSchema(spec);
        Map<String, String> jsonOptions = jsonOptions(spec);
        StructType withCorrupt = declared.add(CORRUPT, DataTypes.StringType);
        StructType asText = FileSource.asText(declared);

        Dataset<Row> parsed = kafkaRows.select(
                col("value").cast(DataTypes.StringType).as(VALUE),
                col("topic"),
                col("partition"),
                col("offset"),
                col("timestamp"));
        parsed = parsed.select(
                col("*"),
                from_json(col(VALUE), withCorrupt, jsonOptions).as(PARSED),
                from_json(col(VALUE), asText, jsonOptions).as(PARSED + "_text"));

        // Spark 3.5 fills the corrupt-record field for bad JSON and for a field of the wrong type alike. A raw value
        // that went NULL in the typed parse is caught as well, so a PERMISSIVE parse that nulls a field without
        // flagging the record (as from_json did before partial results) cannot let a bad row pass as good.
        Column malformed = col(VALUE)
                .isNull()
                .or(trim(col(VALUE)).equalTo(lit("")))
                .or(col(PARSED).isNull())
                .or(col(PARSED).getField(CORRUPT).isNotNull());
        for (StructField field : declared.fields()) {
            Column typed = col(PARSED).getField(field.name());
            Column text = col(PARSED + "_text").getField(field.name());
            malformed = malformed.or(typed.isNull().and(text.isNotNull()).and(text.notEqual(lit(""))));
        }

        List<Column> columns = new ArrayList<>();
        for (StructField field : declared.fields()) {
            columns.add(col(PARSED).getField(field.name()).as(field.name()));
        }
        columns.add(concat(
                        lit("kafka://"),
                        col("topic"),
                        lit("/"),
                        col("partition").cast(DataTypes.StringType),
                        lit("/"),
                        col("offset").cast(DataTypes.StringType))
                .as(SourceRead.SOURCE_FILE));
        columns.add(col("partition").as(PARTITION));
        columns.add(col("offset").as(OFFSET));
        columns.add(col("timestamp").as(TIMESTAMP));
        columns.add(when(coalesce(malformed, lit(true)), coalesce(col(VALUE), lit("")))
                .as(SourceRead.RAW_RECORD));
        Dataset<Row> rows = parsed.select(columns.toArray(Column[]::new));
        return new SourceRead(rows, bad -> bad.withColumn(SourceRead.MALFORMED_REASON, reason(declared, jsonOptions)));
    }

    private static Column reason(StructType declared, Map<String, String> jsonOptions) {
        Column raw = col(SourceRead.RAW_RECORD);
        StructType asText = FileSource.asText(declared);
        Column text = from_json(raw, asText.add(CORRUPT, DataTypes.StringType), jsonOptions);
        Column notJson = when(get_json_object(raw, "$").isNull(), lit("value is not valid JSON"))
                .otherwise(lit("value is not a JSON object"));
        Column detail = FileSource.fieldParseFailures(declared, text);
        return when(trim(raw).equalTo(lit("")), lit("value is empty (a tombstone or an empty message)"))
                .when(text.isNull().or(text.getField(CORRUPT).isNotNull()), notJson)
                .when(detail.isNotNull().and(detail.notEqual(lit(""))), detail)
                .otherwise(lit("value does not match the declared schema"));
    }

    /**
     * Reads the spec's topic from the checkpointed position to the end as it is now, hands each micro-batch to the
     * handler, and returns when all of it is processed. A failure, of Kafka or of the handler, becomes a
     * {@link StrataException} naming the topic; a handler's own StrataException is rethrown as is.
     */
    public static void stream(SparkSession spark, SourceSpec spec, String checkpointLocation, BatchHandler handler) {
        stream(spark, spec, checkpointLocation, null, handler);
    }

    /** As {@link #stream(SparkSession, SourceSpec, String, BatchHandler)}, from {@code startingOffsets} if not null. */
    static void stream(
            SparkSession spark, SourceSpec spec, String checkpoint, String startingOffsets, BatchHandler handler) {
        String topic = spec.topic();
        if (topic == null || topic.isBlank()) {
            throw new StrataException(
                    ErrorCode.INVALID_SPEC, "Cannot read a Kafka source: it has no topic (set sources.<name>.topic)");
        }
        requiredSchema(spec);
        String servers = bootstrapServers(spec, Config.of(System.getenv()).text(RunConfig.KAFKA_BOOTSTRAP_SERVERS));
        Map<String, String> options = new LinkedHashMap<>();
        options.put("startingOffsets", "earliest");
        options.put("failOnDataLoss", "true");
        options.putAll(spec.options());
        options.put("kafka.bootstrap.servers", servers);
        options.put("subscribe", topic);
        if (startingOffsets != null) {
            options.put("startingOffsets", startingOffsets);
        }

        StreamingQuery query = null;
        try {
            Dataset<Row> records =
                    spark.readStream().format("kafka").options(options).load();
            VoidFunction2<Dataset<Row>, Long> perBatch =
                    (batch, batchId) -> handler.handle(parse(batch, spec), batchId);
            query = records.writeStream()
                    .foreachBatch(perBatch)
                    .trigger(Trigger.AvailableNow())
                    .option("checkpointLocation", checkpoint)
                    .start();
            query.awaitTermination();
        } catch (StreamingQueryException e) {
            throw failure(topic, e.getCause() != null ? e.getCause() : e, options);
        } catch (TimeoutException e) {
            throw failure(topic, e, options);
        } catch (StrataException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failure(topic, e, options);
        } finally {
            if (query != null && query.isActive()) {
                stopQuietly(query);
            }
        }
    }

    private static void stopQuietly(StreamingQuery query) {
        try {
            query.stop();
        } catch (TimeoutException | RuntimeException e) {
            // Already failing or interrupted: the original failure is the one to report.
        }
    }

    static StrataException failure(String topic, Throwable cause, Map<String, String> options) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof StrataException strata) {
                return strata;
            }
        }
        String prefix = "Cannot read Kafka topic '" + topic + "': ";
        return new StrataException(
                ErrorCode.SOURCE_UNREADABLE,
                prefix + redact(Messages.firstLine(cause), options),
                prefix + FailureDetails.withheld(cause),
                cause);
    }

    /** The bootstrap servers: the spec's, else {@code kafka.bootstrap.servers} in its options, else the environment. */
    static String bootstrapServers(SourceSpec spec, String fromEnv) {
        if (spec.bootstrapServers() != null && !spec.bootstrapServers().isBlank()) {
            return spec.bootstrapServers();
        }
        String fromOptions = spec.options().get("kafka.bootstrap.servers");
        if (fromOptions != null && !fromOptions.isBlank()) {
            return fromOptions;
        }
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        throw new StrataException(
                ErrorCode.INVALID_SPEC,
                "Cannot read Kafka topic '" + spec.topic() + "': no bootstrap servers are set (set"
                        + " sources.<name>.bootstrapServers, or the environment variable " + BOOTSTRAP_ENV + ")");
    }

    /** Replaces the values of secret-looking options (passwords, secrets, JAAS configs, tokens) in a message. */
    static String redact(String message, Map<String, String> options) {
        String result = message;
        for (Map.Entry<String, String> option : options.entrySet()) {
            String value = option.getValue();
            if (value != null
                    && !value.isBlank()
                    && SECRET_KEY.matcher(option.getKey()).matches()) {
                result = result.replace(value, "*****");
            }
        }
        return result;
    }

    private static StructType requiredSchema(SourceSpec spec) {
        StructType declared = FileSource.declaredSchema(spec);
        if (declared == null) {
            throw new StrataException(
                    ErrorCode.INVALID_SPEC,
                    "Cannot read Kafka topic '" + spec.topic() + "': it has no schema (declare the JSON values'"
                            + " fields as a Spark DDL string, e.g. schema: \"order_id STRING, amount DECIMAL(12,2)\")");
        }
        return declared;
    }

    /** The options meant for the JSON parser: consumer settings ({@code kafka.*}) can hold secrets and stay out. */
    private static Map<String, String> jsonOptions(SourceSpec spec) {
        Map<String, String> json = new LinkedHashMap<>();
        spec.options().forEach((key, value) -> {
            if (!key.toLowerCase(Locale.ROOT).startsWith("kafka.")) {
                json.put(key, value);
            }
        });
        json.put("mode", "PERMISSIVE");
        json.put("columnNameOfCorruptRecord", CORRUPT);
        return json;
    }
}
