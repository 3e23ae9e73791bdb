package dev.strata.engine.ledger;

import dev.strata.core.ledger.Ledger;
import dev.strata.core.ledger.RunStore;
import org.apache.hadoop.conf.Configuration;

/** Where a lakehouse's ledger lives: opens the ledger of the lakehouse at a storage root. */
@FunctionalInterface
public interface LedgerSource {
    Ledger open(String storageRoot, Configuration conf);

    /** The files next to the tables: the ledger of a run given no database. */
    LedgerSource FILES = FileLedger::new;

    /** The metadata store's ledger, which also reads and mirrors the files next to the tables. */
    static LedgerSource inStore(RunStore store) {
        return (root, conf) -> store.ledger(root, new FileLedger(root, conf));
    }
}
