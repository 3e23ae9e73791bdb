package dev.strata.core.ledger;

import dev.strata.core.error.ErrorCode;
import dev.strata.core.error.StrataException;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Opens the {@link RunStore} an environment names ({@code STRATA_DB_URL}, or the embedded PostgreSQL). strata-store
 * provides one, registered as a {@link ServiceLoader} service, so an entry point that sees only the engine (the engine's
 * {@code RunnerMain} under {@code spark-submit}) finds the store when its jar is on the class path.
 */
public interface RunStoreProvider {
    /**
     * Whether the environment gives runs a database of their own. A run given one keeps its ledger there, and fails
     * rather than go on without it.
     */
    boolean namesDatabase(Map<String, String> environment);

    /** Opens the store; slow (it may start the embedded PostgreSQL). Throws when the store cannot be opened. */
    RunStore open(Map<String, String> environment);

    /** The provider on the class path, or {@link #NONE} when the metadata store is not there. */
    static RunStoreProvider onClassPath() {
        return ServiceLoader.load(RunStoreProvider.class).findFirst().orElse(NONE);
    }

    /** No metadata store on the class path: runs keep their ledger in files, and no metrics. */
    RunStoreProvider NONE = new RunStoreProvider() {
        @Override
        public boolean namesDatabase(Map<String, String> environment) {
            return false;
        }

        @Override
        public RunStore open(Map<String, String> environment) {
            throw new StrataException(
                    ErrorCode.INTERNAL,
                    "no metadata store on the class path (put strata-store's jar and its dependencies beside the"
                            + " engine's)");
        }
    };
}
