package dev.strata.core.spec;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.regex.Pattern;

/** A layer-qualified dataset name such as {@code silver.orders}; the layer is the table's namespace. */
public record DatasetName(String layer, String name) implements Comparable<DatasetName> {
    private static final Pattern PART = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public DatasetName {
        requireNonNull(layer, "layer is null");
        requireNonNull(name, "name is null");
        if (!PART.matcher(layer).matches() || !PART.matcher(name).matches()) {
            throw new IllegalArgumentException("Invalid dataset name: " + layer + "." + name);
        }
    }

    /** Parses {@code layer.name}; empty when the text is not of that shape. */
    public static Optional<DatasetName> tryParse(String qualified) {
        if (qualified == null) {
            return Optional.empty();
        }
        int dot = qualified.indexOf('.');
        if (dot <= 0 || dot != qualified.lastIndexOf('.')) {
            return Optional.empty();
        }
        String layer = qualified.substring(0, dot);
        String name = qualified.substring(dot + 1);
        if (!PART.matcher(layer).matches() || !PART.matcher(name).matches()) {
            return Optional.empty();
        }
        return Optional.of(new DatasetName(layer, name));
    }

    public static DatasetName parse(String qualified) {
        return tryParse(qualified)
                .orElseThrow(() -> new IllegalArgumentException(
                        "Cannot parse dataset name '" + qualified + "' (expected layer.name, e.g. silver.orders)"));
    }

    /** The name of this dataset's quarantine table, e.g. {@code silver.orders__quarantine}. */
    public DatasetName quarantine() {
        return new DatasetName(layer, name + "__quarantine");
    }

    @Override
    public int compareTo(DatasetName other) {
        return toString().compareTo(other.toString());
    }

    @Override
    public String toString() {
        return layer + "." + name;
    }
}
