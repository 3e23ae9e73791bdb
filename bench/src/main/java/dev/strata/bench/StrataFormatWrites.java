package dev.strata.bench;

import dev.strata.core.spec.DatasetName;
import dev.strata.core.spec.SchemaEvolution;
import dev.strata.core.spec.StorageSpec;
import dev.strata.core.spec.TableFormat;
import dev.strata.core.spec.WriteMode;
import dev.strata.core.spec.WriteSpec;
import dev.strata.engine.sink.CommitId;
import dev.strata.engine.sink.Sink;
import dev.strata.engine.sink.Sinks;
import dev.strata.engine.sink.TableRef;
import dev.strata.engine.sink.WriteRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The benchmark's writes through Strata's {@link Sink} for the format, as a pipeline run makes them. */
final class StrataFormatWrites implements FormatWrites {
    private static final List<String> KEYS = List.of("id");

    private final Sink sink;
    private final StorageSpec storage;
    private final Path root;
    private final FormatInputs inputs;

    StrataFormatWrites(String format, Path root, FormatInputs inputs) {
        this.sink = Sinks.forFormat(format);
        this.storage = new StorageSpec(root.toString(), TableFormat.valueOf(format.toUpperCase(Locale.ROOT)));
        this.root = root;
        this.inputs = inputs;
    }

    @Override
    public Path root() {
        return root;
    }

    @Override
    public void preload(Operation operation, String table) {
        switch (operation) {
            case APPEND -> {}
            case MERGE -> write(inputs.base(), table, WriteMode.MERGE, FormatInputs.PRELOAD_TIME, "preload");
            case SCD2 -> write(inputs.base(), table, WriteMode.SCD2, FormatInputs.PRELOAD_TIME, "preload");
        }
    }

    @Override
    public void run(Operation operation, String table) {
        switch (operation) {
            case APPEND -> write(inputs.base(), table, WriteMode.APPEND, FormatInputs.BATCH_TIME, "run");
            case MERGE -> write(inputs.mergeBatch(), table, WriteMode.MERGE, FormatInputs.BATCH_TIME, "run");
            case SCD2 -> write(inputs.scd2Batch(), table, WriteMode.SCD2, FormatInputs.BATCH_TIME, "run");
        }
    }

    @Override
    public Dataset<Row> read(String table) {
        return sink.read(inputs.base().sparkSession(), ref(table));
    }

    private TableRef ref(String table) {
        return new TableRef(
                new DatasetName("bench", table),
                root.resolve("bench").resolve(table).toString(),
                storage);
    }

    private void write(Dataset<Row> rows, String table, WriteMode mode, Instant batchTime, String run) {
        WriteSpec spec = new WriteSpec(
                mode,
                mode == WriteMode.APPEND ? null : KEYS,
                mode == WriteMode.SCD2 ? List.of("tier") : null,
                null,
                null,
                null,
                null,
                null,
                null);
        sink.write(
                rows,
                new WriteRequest(
                        ref(table), spec, SchemaEvolution.STRICT, CommitId.ofRun(table + "-" + run), batchTime));
    }
}
