package dev.strata.core.crypto;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The {@link KeyProvider}s on the class path, by name. */
public final class KeyProviders {
    private KeyProviders() {}

    /** Every provider found, by name. */
    public static Map<String, KeyProvider> available() {
        Map<String, KeyProvider> providers = new TreeMap<>();
        for (KeyProvider provider : ServiceLoader.load(KeyProvider.class, KeyProviders.class.getClassLoader())) {
            providers.putIfAbsent(provider.name(), provider);
        }
        return providers;
    }

    /** The provider named {@code name}; an absent one fails with the names that are there and the fix. */
    public static KeyProvider named(String name) {
        Map<String, KeyProvider> providers = available();
        KeyProvider provider = providers.get(name);
        if (provider == null) {
            String fix = name.equals("aws-kms") || name.equals("gcp-kms")
                    ? "put the strata-kms-cloud jar and its dependencies on the class path"
                    : "use one of them";
            throw new StrataException(
                    ErrorCode.UNSUPPORTED,
                    "Cannot use KMS '" + name + "': no KeyProvider named " + name + " on the class path (available: "
                            + String.join(", ", providers.keySet()) + "; " + fix + ")");
        }
        return provider;
    }
}
