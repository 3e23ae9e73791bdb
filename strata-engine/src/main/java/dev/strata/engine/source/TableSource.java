package dev.strata.engine.source;

import static org.apache.spark.sql.functions.lit;

import dev.strata.core.spec.SourceSpec;
import java.util.List;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

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
            reader = reader.option(timestampOption(), spec.asOfTimestamp());
        }
        Dataset<Row> rows = reader.load(spec.path()).withColumn(SourceRead.SOURCE_FILE, lit(spec.path()));
        return SourceRead.wellFormed(rows);
    }

    protected String versionOption() {
        return "versionAsOf";
    }

    protected String timestampOption() {
        return "timestampAsOf";
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

        // Iceberg silently ignores versionAsOf on a path read (DESIGN.md §4): use its own option names.
        @Override
        protected String versionOption() {
            return "snapshot-id";
        }

        @Override
        protected String timestampOption() {
            return "as-of-timestamp";
        }
    }

    public static final class Hudi extends TableSource {
        public Hudi() {
            super("hudi");
        }

        @Override
        protected String timestampOption() {
            return "as.of.instant";
        }
    }
}
