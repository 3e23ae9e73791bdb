package dev.strata.engine.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.spec.SourceFormat;
import dev.strata.core.spec.SourceSpec;
import dev.strata.engine.SharedSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSourceTest {
    @TempDir
    Path dir;

    @Test
    void csvRecordThatDoesNotFitTheSchemaGetsAReasonNamingTheField() throws Exception {
        Path file = dir.resolve("orders.csv");
        Files.writeString(
                file,
                "order_id,amount,ordered_at\n"
                        + "o1,10.50,2026-11-01 10:00:00\n"
                        + "o2,12,50x,2026-11-01 10:00:00\n" // a stray comma shifts the fields
                        + "o3,abc,2026-11-01 10:00:00\n"
                        + "o4,1.00,yesterday\n",
                StandardCharsets.UTF_8);
        SourceSpec spec = new SourceSpec(
                SourceFormat.CSV,
                dir.toString(),
                Map.of("header", "true"),
                "order_id STRING, amount DECIMAL(12,2), ordered_at TIMESTAMP",
                null,
                null,
                null,
                null,
                null,
                null);
        SourceRead read = Sources.forFormat("csv").read(SharedSpark.session(), spec, List.of(file.toString()));
        assertThat(read.mayHaveMalformed()).isTrue();
        Dataset<Row> rows = read.rows().cache();
        Dataset<Row> bad = read.explainMalformed()
                .apply(rows.filter(SourceRead.RAW_RECORD + " IS NOT NULL"))
                .orderBy("order_id");
        List<String> reasons = bad.select(SourceRead.MALFORMED_REASON)
                .as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList();
        assertThat(reasons)
                .containsExactly(
                        "ordered_at: cannot parse '50x' as timestamp",
                        "amount: cannot parse 'abc' as decimal(12,2)",
                        "ordered_at: cannot parse 'yesterday' as timestamp");
        assertThat(bad.select(SourceRead.RAW_RECORD)
                        .as(org.apache.spark.sql.Encoders.STRING())
                        .first())
                .isEqualTo("o2,12,50x,2026-11-01 10:00:00");
        assertThat(rows.filter(SourceRead.RAW_RECORD + " IS NULL").count()).isEqualTo(1);
    }

    @Test
    void truncatedJsonLineIsMalformedAndKeepsItsRawText() throws Exception {
        Path file = dir.resolve("customers.json");
        Files.writeString(
                file,
                "{\"customer_id\": \"C1\", \"tier\": \"gold\"}\n{\"customer_id\": \"C2\", \"tier\": \n",
                StandardCharsets.UTF_8);
        SourceSpec spec = new SourceSpec(
                SourceFormat.JSON,
                dir.toString(),
                Map.of(),
                "customer_id STRING, tier STRING",
                null,
                null,
                null,
                null,
                null,
                null);
        SourceRead read = Sources.forFormat("json").read(SharedSpark.session(), spec, List.of(file.toString()));
        Row bad = read.explainMalformed()
                .apply(read.rows().cache().filter(SourceRead.RAW_RECORD + " IS NOT NULL"))
                .first();
        assertThat(bad.<String>getAs(SourceRead.MALFORMED_REASON)).isEqualTo("malformed JSON record");
        assertThat(bad.<String>getAs(SourceRead.RAW_RECORD)).isEqualTo("{\"customer_id\": \"C2\", \"tier\": ");
        assertThat(bad.<String>getAs(SourceRead.SOURCE_FILE)).endsWith("customers.json");
    }
}
