package dev.strata.engine.sink;

import static java.util.Objects.requireNonNull;

import dev.strata.core.spec.SchemaEvolution;
import dev.strata.core.spec.WriteMode;
import java.util.List;

/** Where and how one batch is written. */
public record WriteRequest(
        String table,
        String location,
        WriteMode mode,
        List<String> keys,
        List<String> partitionBy,
        SchemaEvolution schemaEvolution) {

    public WriteRequest {
        requireNonNull(table, "table is null");
        requireNonNull(location, "location is null");
        requireNonNull(mode, "mode is null");
        keys = List.copyOf(keys);
        partitionBy = List.copyOf(partitionBy);
        requireNonNull(schemaEvolution, "schemaEvolution is null");
    }
}
