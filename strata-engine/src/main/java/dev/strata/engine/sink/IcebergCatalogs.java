package dev.strata.engine.sink;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import dev.strata.core.spec.IcebergCatalogSpec;
import dev.strata.core.spec.StorageSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.RuntimeConfig;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark catalogs that hold pipelines' Iceberg tables, one per distinct catalog configuration. Spark caches a catalog
 * instance per name for the session's lifetime, and one session may serve pipelines on different storage roots, so a
 * catalog is named after a hash of its configuration ({@code strata_iceberg_<hash>}) and registered in the session on
 * first use.
 */
public final class IcebergCatalogs {
    /** The prefix of every catalog name this class registers. */
    public static final String PREFIX = "strata_iceberg_";

    private IcebergCatalogs() {}

    /** The catalog that holds the storage's Iceberg tables, registered in the session if it is not yet. */
    public static synchronized String register(SparkSession spark, StorageSpec storage) {
        Map<String, String> properties = properties(storage);
        String catalog = name(properties);
        registerAs(spark, catalog, properties);
        return catalog;
    }

    /**
     * Registers the storage's catalog under a name of the user's too, e.g. {@code iceberg} in {@code strata sql}, so
     * Iceberg's own SQL works: {@code SELECT * FROM iceberg.silver.orders.snapshot_id_<id>}.
     */
    public static synchronized void registerAlias(SparkSession spark, StorageSpec storage, String alias) {
        registerAs(spark, alias, properties(storage));
    }

    private static void registerAs(SparkSession spark, String catalog, Map<String, String> properties) {
        String key = "spark.sql.catalog." + catalog;
        RuntimeConfig conf = spark.conf();
        if (!conf.contains(key)) {
            // Properties first: Spark instantiates the catalog when the name is first resolved.
            properties.forEach((property, value) -> conf.set(key + "." + property, value));
            conf.set(key, "org.apache.iceberg.spark.SparkCatalog");
        }
    }

    /** The Iceberg catalog properties of a pipeline's storage settings. */
    public static Map<String, String> properties(StorageSpec storage) {
        IcebergCatalogSpec spec = storage.iceberg();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("type", spec.type().id());
        switch (spec.type()) {
            case HADOOP -> properties.put("warehouse", spec.warehouse() == null ? storage.root() : spec.warehouse());
            case JDBC -> {
                properties.put("uri", requireUri(spec));
                properties.put("warehouse", spec.warehouse() == null ? storage.root() : spec.warehouse());
            }
            case REST -> {
                properties.put("uri", requireUri(spec));
                // A REST catalog's warehouse names one of the server's warehouses, not a path: only an explicit one
                // is sent.
                if (spec.warehouse() != null) {
                    properties.put("warehouse", spec.warehouse());
                }
            }
        }
        // A cached table would hide commits made by other processes (another run, `strata sql`) for 30 s.
        properties.put("cache-enabled", "false");
        properties.putAll(spec.options());
        return properties;
    }

    /** {@code strata_iceberg_} and a short hash of the properties: the same configuration always has the same name. */
    static String name(Map<String, String> properties) {
        StringBuilder canonical = new StringBuilder();
        new TreeMap<>(properties)
                .forEach((key, value) ->
                        canonical.append(key).append('=').append(value).append('\n'));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(digest, 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String requireUri(IcebergCatalogSpec spec) {
        if (spec.uri() == null || spec.uri().isBlank()) {
            throw new StrataException(
                    ErrorCode.INVALID_SPEC,
                    "Cannot configure the Iceberg " + spec.type().id() + " catalog: storage.iceberg.uri is not set"
                            + " (set it to the catalog's "
                            + (spec.type() == IcebergCatalogSpec.Type.JDBC
                                    ? "JDBC URL, e.g. jdbc:postgresql://host:5432/db"
                                    : "REST endpoint, e.g. https://host/api/catalog")
                            + ")");
        }
        return spec.uri();
    }
}
