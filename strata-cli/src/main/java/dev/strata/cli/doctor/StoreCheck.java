package dev.strata.cli.doctor;

import dev.strata.core.error.StrataException;
import dev.strata.core.ledger.RunStore;
import dev.strata.core.ledger.RunStoreProvider;
import java.util.Map;

/**
 * The metadata store a run would use: the embedded PostgreSQL starts, or the database {@code STRATA_DB_URL} names is
 * reachable and migrated. The store's own description is shown, which names no password.
 */
public final class StoreCheck {
    private StoreCheck() {}

    public static CheckResult check(RunStoreProvider stores, Map<String, String> env) {
        boolean external = stores.namesDatabase(env);
        try (RunStore store = stores.open(env)) {
            return CheckResult.ok("store", store.describe());
        } catch (RuntimeException e) {
            String reason = e instanceof StrataException
                    ? e.getMessage()
                    : e.getClass().getSimpleName() + ": " + e.getMessage();
            return CheckResult.fail(
                    "store",
                    Redaction.withoutUrlPasswords(reason),
                    external
                            ? "check STRATA_DB_URL, STRATA_DB_USER and STRATA_DB_PASSWORD, and that the database"
                                    + " accepts connections from this host"
                            : "check that STRATA_HOME (default ~/.strata) is writable and that no other process"
                                    + " holds its embedded PostgreSQL; or set STRATA_DB_URL");
        }
    }
}
