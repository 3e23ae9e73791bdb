package dev.strata.core.crypto;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a {@link KeyProvider} may read: the key store's folder (a local KEK file resolves against it) and the
 * environment (VAULT_ADDR, VAULT_TOKEN, AWS and GCP settings).
 */
public record KmsContext(Path keysDirectory, Map<String, String> env) {
    public KmsContext {
        requireNonNull(keysDirectory, "keysDirectory is null");
        env = Map.copyOf(env);
    }

    /** An environment variable, or null when unset or blank. */
    public String setting(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    @Override
    public String toString() {
        return "KmsContext[keysDirectory=" + keysDirectory + "]";
    }
}
