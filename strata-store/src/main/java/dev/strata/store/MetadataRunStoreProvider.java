package dev.strata.store;

import dev.strata.core.config.Config;
import dev.strata.core.config.RunConfig;
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

    /**
     * The store, keeping quarantine samples as {@code STRATA_QUARANTINE_SAMPLES} says: {@code auto} for a run the server
     * started (it was given a run token), which the web console shows.
     */
    @Override
    public MetadataRunStore open(Map<String, String> environment) {
        StoreSettings settings = StoreSettings.fromEnvironment(environment);
        boolean samples = switch (Config.read(RunConfig.QUARANTINE_SAMPLES, environment)) {
            case "on" -> true;
            case "off" -> false;
            default -> settings.runToken() != null;
        };
        return new MetadataRunStore(MetadataStore.open(settings), samples);
    }
}
