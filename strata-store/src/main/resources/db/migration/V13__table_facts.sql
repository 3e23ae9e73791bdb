-- What the console's dataset page shows from the store alone (docs/architecture.md, "What the store keeps of a
-- dataset's table"): each dataset's rules passed out of its rules in a run; the table's facts after a run that
-- committed to it; and a small sample of the rows the run quarantined, masked for each role the dataset's access:
-- names (and for everyone else, as 'default'). The sample is personal data copied from the lakehouse: capped by the
-- engine (20 rows, 200 characters a value, 64 KiB a sample) and here again (below), and deleted with its run's record.

ALTER TABLE run_datasets ADD COLUMN rules_passed INT;
ALTER TABLE run_datasets ADD COLUMN rules_total INT;

-- A CLI run given a store has no row in runs (only in ledger_runs), so neither table refers to runs: a trigger
-- deletes a run's rows with its record instead.
CREATE TABLE run_tables (
    run_id       TEXT        NOT NULL,
    pipeline     TEXT        NOT NULL,
    dataset      TEXT        NOT NULL,
    format       TEXT        NOT NULL,
    location     TEXT        NOT NULL,
    -- The table's version after the run's write (Delta version, Iceberg snapshot id, Hudi instant, batch folders).
    version      BIGINT,
    -- [{"name": ..., "type": ..., "nullable": ...}], in the table's order; types as Spark writes them (decimal(10,2)).
    columns      JSONB       NOT NULL,
    recorded_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (run_id, dataset)
);
CREATE INDEX run_tables_latest ON run_tables (pipeline, dataset, recorded_at DESC);

CREATE TABLE run_quarantine_samples (
    run_id      TEXT        NOT NULL,
    dataset     TEXT        NOT NULL,
    -- The server role the sample is masked for; 'default' for every role the dataset's access: does not name.
    role        TEXT        NOT NULL,
    columns     JSONB       NOT NULL,
    -- [[value, ...], ...]: text, null for SQL NULL; at most 20 rows.
    rows        JSONB       NOT NULL,
    -- Rows the run quarantined in all.
    quarantined BIGINT      NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (run_id, dataset, role),
    CONSTRAINT run_quarantine_samples_role CHECK (role IN ('viewer', 'operator', 'editor', 'admin', 'default')),
    CONSTRAINT run_quarantine_samples_rows CHECK (jsonb_typeof(rows) = 'array' AND jsonb_array_length(rows) <= 20)
);

CREATE FUNCTION delete_run_tables() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM run_tables WHERE run_id = OLD.id;
    DELETE FROM run_quarantine_samples WHERE run_id = OLD.id;
    RETURN OLD;
END;
$$;
CREATE TRIGGER runs_delete_tables AFTER DELETE ON runs FOR EACH ROW EXECUTE FUNCTION delete_run_tables();

CREATE FUNCTION delete_ledger_run_tables() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM run_tables WHERE run_id = OLD.run_id;
    DELETE FROM run_quarantine_samples WHERE run_id = OLD.run_id;
    RETURN OLD;
END;
$$;
CREATE TRIGGER ledger_runs_delete_tables AFTER DELETE ON ledger_runs FOR EACH ROW
    EXECUTE FUNCTION delete_ledger_run_tables();

-- A child run records these for its own running run only, with the token its server gave it (as record_run_dataset):
-- the run role has no access to the tables themselves. The pipeline is the run's own, never the caller's word.
CREATE FUNCTION record_run_dataset_rules(p_run TEXT, p_token TEXT, p_dataset TEXT, p_passed INT, p_total INT)
    RETURNS BOOLEAN LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
    IF p_token IS NULL OR NOT EXISTS (
            SELECT 1 FROM runs
            WHERE id = p_run AND state = 'running'
              AND progress_token_sha256 = encode(sha256(convert_to(p_token, 'UTF8')), 'hex')) THEN
        RETURN FALSE;
    END IF;
    UPDATE run_datasets SET rules_passed = p_passed, rules_total = p_total
    WHERE run_id = p_run AND dataset = p_dataset;
    RETURN FOUND;
END;
$$;

CREATE FUNCTION record_run_table(p_run TEXT, p_token TEXT, p_dataset TEXT, p_format TEXT, p_location TEXT,
                                 p_version BIGINT, p_columns TEXT)
    RETURNS BOOLEAN LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
    v_pipeline TEXT;
BEGIN
    SELECT pipeline INTO v_pipeline FROM runs
    WHERE id = p_run AND state = 'running' AND p_token IS NOT NULL
      AND progress_token_sha256 = encode(sha256(convert_to(p_token, 'UTF8')), 'hex');
    IF v_pipeline IS NULL OR octet_length(p_columns) > 1048576 THEN
        RETURN FALSE;
    END IF;
    INSERT INTO run_tables (run_id, pipeline, dataset, format, location, version, columns)
    VALUES (p_run, v_pipeline, p_dataset, p_format, p_location, p_version, CAST(p_columns AS JSONB))
    ON CONFLICT (run_id, dataset) DO UPDATE SET format = EXCLUDED.format, location = EXCLUDED.location,
        version = EXCLUDED.version, columns = EXCLUDED.columns, recorded_at = now();
    RETURN TRUE;
END;
$$;

-- 256 KiB of JSON bounds a sample the engine capped at 64 KiB of values, whatever their escaping.
CREATE FUNCTION record_run_quarantine_sample(p_run TEXT, p_token TEXT, p_dataset TEXT, p_role TEXT, p_columns TEXT,
                                             p_rows TEXT, p_quarantined BIGINT)
    RETURNS BOOLEAN LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
    IF p_token IS NULL OR NOT EXISTS (
            SELECT 1 FROM runs
            WHERE id = p_run AND state = 'running'
              AND progress_token_sha256 = encode(sha256(convert_to(p_token, 'UTF8')), 'hex'))
       OR octet_length(p_rows) + octet_length(p_columns) > 262144
       OR jsonb_array_length(CAST(p_rows AS JSONB)) > 20 THEN
        RETURN FALSE;
    END IF;
    INSERT INTO run_quarantine_samples (run_id, dataset, role, columns, rows, quarantined)
    VALUES (p_run, p_dataset, p_role, CAST(p_columns AS JSONB), CAST(p_rows AS JSONB), p_quarantined)
    ON CONFLICT (run_id, dataset, role) DO UPDATE SET columns = EXCLUDED.columns, rows = EXCLUDED.rows,
        quarantined = EXCLUDED.quarantined, recorded_at = now();
    RETURN TRUE;
END;
$$;

REVOKE EXECUTE ON FUNCTION record_run_dataset_rules(TEXT, TEXT, TEXT, INT, INT) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION record_run_table(TEXT, TEXT, TEXT, TEXT, TEXT, BIGINT, TEXT) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION record_run_quarantine_sample(TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, BIGINT) FROM PUBLIC;

DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION record_run_dataset_rules(TEXT, TEXT, TEXT, INT, INT)'
                   ' SET search_path = %I, pg_catalog, pg_temp', current_schema());
    EXECUTE format('ALTER FUNCTION record_run_table(TEXT, TEXT, TEXT, TEXT, TEXT, BIGINT, TEXT)'
                   ' SET search_path = %I, pg_catalog, pg_temp', current_schema());
    EXECUTE format('ALTER FUNCTION record_run_quarantine_sample(TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, BIGINT)'
                   ' SET search_path = %I, pg_catalog, pg_temp', current_schema());
END
$$;
