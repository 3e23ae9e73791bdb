package dev.strata.store;

import dev.strata.core.ledger.RunStoreProvider;
import java.util.Map;

/**
 * Opens the metadata store an environment names ({@link StoreSettings#fromEnvironment}) for a run. Registered in
 * {@code META-INF/services}, so the engine's {@code RunnerMain} finds it on the class path; strata-cli uses it
 * directly.
 */
public final class MetadataRunStoreProvider implements RunStoreProvider {
    /** A database of its own ({@code STRATA_DB_URL} or {@code POSTGRES_HOST}), rather than the embedded one. */
    @Override
    public boolean namesDatabase(Map<String, String> environment) {
        return !StoreSettings.fromEnvironment(environment).isEmbedded();
    }

    @Override
    public MetadataRunStore open(Map<String, String> environment) {
        return new MetadataRunStore(MetadataStore.open(StoreSettings.fromEnvironment(environment)));
    }
}
