package dev.strata.core.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Locale;
import java.util.Map;

/**
 * The Iceberg catalog that holds a pipeline's Iceberg tables. Tables are named {@code <layer>.<name>} in it; with the
 * default Hadoop catalog they live at {@code <storage.root>/<layer>/<name>}, like every other format.
 */
public record IcebergCatalogSpec(
        @JsonPropertyDescription("hadoop (default: tables on paths under storage.root) | jdbc | rest.")
        Type type,

        @JsonPropertyDescription("Catalog URI: a JDBC URL (jdbc) or the REST endpoint (rest).")
        String uri,

        @JsonPropertyDescription("Warehouse location; defaults to storage.root.")
        String warehouse,

        @JsonPropertyDescription(
                "Further Iceberg catalog properties, passed as is (e.g. jdbc.user, jdbc.password, token, credential);"
                        + " write secrets as ${secret:NAME}.")
        Map<String, String> options) {

    public static final IcebergCatalogSpec DEFAULT = new IcebergCatalogSpec(Type.HADOOP, null, null, null);

    public IcebergCatalogSpec {
        type = type == null ? Type.HADOOP : type;
        options = Specs.orderedCopy(options);
    }

    /** Iceberg catalog implementations Strata configures. */
    public enum Type {
        @JsonProperty("hadoop")
        HADOOP,
        @JsonProperty("jdbc")
        JDBC,
        @JsonProperty("rest")
        REST;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
