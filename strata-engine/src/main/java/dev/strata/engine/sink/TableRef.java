package dev.strata.engine.sink;

import static java.util.Objects.requireNonNull;

import dev.strata.core.spec.DatasetName;
import dev.strata.core.spec.StorageSpec;

/**
 * One dataset's table: its name, its location ({@code <storage.root>/<layer>/<name>}) and the pipeline's storage
 * settings, which say for example which Iceberg catalog holds it.
 */
public record TableRef(DatasetName name, String location, StorageSpec storage) {
    public TableRef {
        requireNonNull(name, "name is null");
        requireNonNull(location, "location is null");
        requireNonNull(storage, "storage is null");
    }

    @Override
    public String toString() {
        return name + " at " + location;
    }
}
