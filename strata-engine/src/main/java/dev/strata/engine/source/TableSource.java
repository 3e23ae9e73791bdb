package dev.strata.engine.source;

import static org.apache.spark.sql.functions.lit;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.core.spec.SourceSpec;
import java.time.ZoneId;
import java.util.List;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.util.DateTimeUtils;
import org.apache.spark.unsafe.types.UTF8String;

/** A Delta, Iceberg or Hudi table read by path, optionally at a version or timestamp. */
public class TableSource implements Source {
    private final String format;

    protected TableSource(String format) {
        this.format = format;
    }

    @Override
    public String format() {
        return format;
    }

    @Override
    public SourceRead read(SparkSession spark, SourceSpec spec, List<String> files) {
        DataFrameReader reader = spark.read().format(format).options(spec.options());
        if (spec.asOfVersion() != null) {
            reader = reader.option(versionOption(), spec.asOfVersion());
        }
        if (spec.asOfTimestamp() != null) {
            reader = reader.option(timestampOption(), timestamp(spark, spec.asOfTimestamp()));
        }
        Dataset<Row> rows = reader.load(spec.path());
        for (String column : rows.columns()) {
            // Hudi's bookkeeping columns (_hoodie_commit_time, …) are not the table's data.
            if (column.startsWith("_hoodie_")) {
                rows = rows.drop(column);
            }
        }
        return SourceRead.wellFormed(rows.withColumn(SourceRead.SOURCE_FILE, lit(spec.path())));
    }

    protected String versionOption() {
        return "versionAsOf";
    }

    protected String timestampOption() {
        return "timestampAsOf";
    }

    /** The {@code as_of_timestamp} value as the format's reader takes it; Delta and Hudi take the string as is. */
    protected String timestamp(SparkSession spark, String asOfTimestamp) {
        return asOfTimestamp;
    }

    public static final class Delta extends TableSource {
        public Delta() {
            super("delta");
        }
    }

    public static final class Iceberg extends TableSource {
        public Iceberg() {
            super("iceberg");
        }

        // Iceberg silently ignores versionAsOf on a path read (docs/architecture.md): use its own option names.
        @Override
        protected String versionOption() {
            return "snapshot-id";
        }

        @Override
        protected String timestampOption() {
            return "as-of-timestamp";
        }

        /**
         * Iceberg takes milliseconds since the epoch: a timestamp string (e.g. {@code 2026-01-02 10:00:00} or
         * {@code 2026-01-02T10:00:00Z}) is read as Spark reads one, in the session time zone.
         */
        @Override
        protected String timestamp(SparkSession spark, String asOfTimestamp) {
            String value = asOfTimestamp.trim();
            if (value.matches("\\d{10,}")) {
                return value;
            }
            ZoneId zone = ZoneId.of(spark.conf().get("spark.sql.session.timeZone"));
            scala.Option<Object> micros = DateTimeUtils.stringToTimestamp(UTF8String.fromString(value), zone);
            if (micros.isEmpty()) {
                throw new StrataException(
                        ErrorCode.INVALID_SPEC,
                        "Cannot read an Iceberg table as of '" + asOfTimestamp + "': not a timestamp (use e.g."
                                + " as_of_timestamp: \"2026-01-02 10:00:00\" or 2026-01-02T10:00:00Z)");
            }
            return Long.toString(Math.floorDiv((Long) micros.get(), 1000L));
        }
    }

    public static final class Hudi extends TableSource {
        public Hudi() {
            super("hudi");
        }

        /** Hudi has no version numbers: a version is a commit instant, e.g. {@code 20261126101500000}. */
        @Override
        protected String versionOption() {
            return "as.of.instant";
        }

        @Override
        protected String timestampOption() {
            return "as.of.instant";
        }
    }
}
