-- The run ledger, when the engine is given a database (STRATA_DB_URL): what each dataset committed, per lakehouse.
-- Without one, the ledger is JSON files under <storage.root>/_strata/; the engine still reads those (and mirrors its
-- entries there), so a lakehouse moves between the two without ingesting anything twice.

CREATE TABLE ledger_entries (
    storage_root TEXT        NOT NULL,
    dataset      TEXT        NOT NULL,
    run_id       TEXT        NOT NULL,
    committed_at TIMESTAMPTZ NOT NULL,
    entry        JSONB       NOT NULL,
    PRIMARY KEY (storage_root, dataset, run_id)
);

-- A batch a dataset began and has not committed: its inputs, fixed before its first write.
CREATE TABLE ledger_pending (
    storage_root TEXT  NOT NULL,
    dataset      TEXT  NOT NULL,
    batch        JSONB NOT NULL,
    PRIMARY KEY (storage_root, dataset)
);

-- Each run's outcome, with every dataset's counts.
CREATE TABLE ledger_runs (
    storage_root TEXT        NOT NULL,
    run_id       TEXT        NOT NULL,
    recorded_at  TIMESTAMPTZ NOT NULL,
    result       JSONB       NOT NULL,
    PRIMARY KEY (storage_root, run_id)
);
