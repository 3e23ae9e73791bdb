package dev.strata.engine.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.core.spec.SourceFormat;
import dev.strata.core.spec.SourceSpec;
import dev.strata.engine.SharedSpark;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class KafkaSourceTest {
    private static final String SCHEMA = "order_id STRING, amount DECIMAL(12,2), qty INT, ordered_at TIMESTAMP";

    /** Rows shaped as Spark's Kafka source returns them, one per value, on partition 0 from offset 0. */
    private static Dataset<Row> kafkaRows(String... values) {
        StructType schema = new StructType()
                .add("key", DataTypes.BinaryType)
                .add("value", DataTypes.BinaryType)
                .add("topic", DataTypes.StringType)
                .add("partition", DataTypes.IntegerType)
                .add("offset", DataTypes.LongType)
                .add("timestamp", DataTypes.TimestampType)
                .add("timestampType", DataTypes.IntegerType);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            byte[] value = values[i] == null ? null : values[i].getBytes(StandardCharsets.UTF_8);
            rows.add(
                    RowFactory.create(null, value, "orders", 0, (long) i, Timestamp.valueOf("2026-11-01 10:00:00"), 0));
        }
        return SharedSpark.session().createDataFrame(rows, schema);
    }

    private static SourceSpec spec(String schema) {
        return new SourceSpec(
                SourceFormat.KAFKA, null, Map.of(), schema, "orders", "127.0.0.1:9", null, null, null, null);
    }

    @Test
    void parsesGoodValuesIntoTheDeclaredColumnsWithKafkaCoordinates() {
        SourceRead read = KafkaSource.parse(
                kafkaRows(
                        "{\"order_id\":\"o1\",\"amount\":\"10.50\",\"qty\":2,\"ordered_at\":\"2026-11-01 09:00:00\"}",
                        "{\"order_id\":\"o2\",\"amount\":3,\"extra\":true}"),
                spec(SCHEMA));

        assertThat(read.mayHaveMalformed()).isTrue();
        assertThat(read.rows().columns())
                .containsExactly(
                        "order_id",
                        "amount",
                        "qty",
                        "ordered_at",
                        SourceRead.SOURCE_FILE,
                        KafkaSource.PARTITION,
                        KafkaSource.OFFSET,
                        KafkaSource.TIMESTAMP,
                        SourceRead.RAW_RECORD);
        List<Row> rows = read.rows().orderBy("order_id").collectAsList();
        assertThat(rows.get(0).<String>getAs(SourceRead.SOURCE_FILE)).isEqualTo("kafka://orders/0/0");
        assertThat(rows.get(0).<BigDecimal>getAs("amount")).isEqualByComparingTo("10.50");
        assertThat(rows.get(0).<Integer>getAs("qty")).isEqualTo(2);
        assertThat(rows.get(0).<Timestamp>getAs("ordered_at")).isEqualTo(Timestamp.valueOf("2026-11-01 09:00:00"));
        assertThat(rows.get(0).<Object>getAs(SourceRead.RAW_RECORD)).isNull();
        assertThat(rows.get(1).<Object>getAs("qty"))
                .as("a missing field is NULL, not malformed")
                .isNull();
        assertThat(rows.get(1).<Object>getAs(SourceRead.RAW_RECORD)).isNull();
        assertThat(rows.get(1).<Long>getAs(KafkaSource.OFFSET)).isEqualTo(1L);
    }

    @Test
    void malformedValuesKeepTheirTextAndGetAReason() {
        String[] values = {
            "{\"order_id\":\"o1\",\"amount\":\"abc\",\"qty\":1}",
            "not json at all",
            "{\"order_id\":\"o3\",\"amount\":1,\"qty\":\"two\"}",
            "[1, 2]",
            null,
            "{\"order_id\":\"o6\",\"amount\":1,\"qty\":1,\"ordered_at\":\"yesterday\"}",
            "{\"order_id\":\"o7\",\"amount\":12345678901234567890,\"qty\":1}",
            "{\"order_id\":\"o8\",\"amount\":1,\"qty\":99999999999}",
            "{\"order_id\":\"o9\",\"amount\":1.5,\"qty\":1}",
        };
        SourceRead read = KafkaSource.parse(kafkaRows(values), spec(SCHEMA));
        Dataset<Row> rows = read.rows().cache();
        Dataset<Row> bad = read.explainMalformed()
                .apply(rows.filter(SourceRead.RAW_RECORD + " IS NOT NULL"))
                .orderBy(KafkaSource.OFFSET);
        List<String> reasons = new ArrayList<>();
        for (Row row : bad.collectAsList()) {
            reasons.add(row.<Long>getAs(KafkaSource.OFFSET) + " " + row.<String>getAs(SourceRead.MALFORMED_REASON));
        }
        assertThat(reasons)
                .containsExactly(
                        "0 amount: cannot parse 'abc' as decimal(12,2)",
                        "1 value is not valid JSON",
                        "2 qty: cannot parse 'two' as int",
                        "3 value is not a JSON object",
                        "4 value is empty (a tombstone or an empty message)",
                        "5 ordered_at: cannot parse 'yesterday' as timestamp",
                        "6 amount: cannot parse '12345678901234567890' as decimal(12,2)",
                        "7 qty: cannot parse '99999999999' as int");
        assertThat(bad.filter(KafkaSource.OFFSET + " = 1")
                        .select(SourceRead.RAW_RECORD)
                        .first()
                        .getString(0))
                .isEqualTo("not json at all");
        assertThat(rows.filter(SourceRead.RAW_RECORD + " IS NULL").count()).isEqualTo(1);
        rows.unpersist();
    }

    @Test
    void requiresASchema() {
        assertThatThrownBy(() -> KafkaSource.parse(kafkaRows("{}"), spec(null)))
                .isInstanceOf(StrataException.class)
                .hasMessage("Cannot read Kafka topic 'orders': it has no schema (declare the JSON values' fields as a"
                        + " Spark DDL string, e.g. schema: \"order_id STRING, amount DECIMAL(12,2)\")");
    }

    @Test
    void bootstrapServersComeFromTheSpecThenOptionsThenTheEnvironment() {
        SourceSpec bare =
                new SourceSpec(SourceFormat.KAFKA, null, Map.of(), SCHEMA, "orders", null, null, null, null, null);
        assertThat(KafkaSource.bootstrapServers(spec(SCHEMA), "env:9092")).isEqualTo("127.0.0.1:9");
        assertThat(KafkaSource.bootstrapServers(bare, "env:9092")).isEqualTo("env:9092");
        SourceSpec withOption = new SourceSpec(
                SourceFormat.KAFKA,
                null,
                Map.of("kafka.bootstrap.servers", "opt:9092"),
                SCHEMA,
                "orders",
                null,
                null,
                null,
                null,
                null);
        assertThat(KafkaSource.bootstrapServers(withOption, "env:9092")).isEqualTo("opt:9092");
        assertThatThrownBy(() -> KafkaSource.bootstrapServers(bare, null))
                .isInstanceOfSatisfying(
                        StrataException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SPEC))
                .hasMessage("Cannot read Kafka topic 'orders': no bootstrap servers are set (set"
                        + " sources.<name>.bootstrapServers, or the environment variable KAFKA_BOOTSTRAP_SERVERS)");
    }

    @Test
    void redactsSecretOptionValuesFromMessages() {
        Map<String, String> options = Map.of(
                "kafka.sasl.jaas.config", "PlainLoginModule required username=\"u\" password=\"hunter2\";",
                "kafka.ssl.truststore.password", "hunter3",
                "kafka.security.protocol", "SASL_SSL");
        String message = KafkaSource.redact(
                "bad config PlainLoginModule required username=\"u\" password=\"hunter2\"; and hunter3 over SASL_SSL",
                options);
        assertThat(message).isEqualTo("bad config ***** and ***** over SASL_SSL");
    }
}
