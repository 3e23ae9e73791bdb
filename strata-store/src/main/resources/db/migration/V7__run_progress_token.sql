-- A child run records its own run's per-dataset progress, and no other run's: the server gives each run a random
-- token, keeps its SHA-256 here, and the run role may only call record_run_dataset, which checks the token. The run
-- role has no access to runs or run_datasets of its own.

ALTER TABLE runs ADD COLUMN progress_token_sha256 TEXT;

CREATE FUNCTION record_run_dataset(p_run TEXT, p_token TEXT, p_dataset TEXT, p_state TEXT, p_rows_in BIGINT,
                                   p_written BIGINT, p_quarantined BIGINT, p_dropped BIGINT,
                                   p_seconds DOUBLE PRECISION, p_message TEXT) RETURNS BOOLEAN
    LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
    IF p_token IS NULL OR NOT EXISTS (
            SELECT 1 FROM runs
            WHERE id = p_run AND state = 'running'
              AND progress_token_sha256 = encode(sha256(convert_to(p_token, 'UTF8')), 'hex')) THEN
        RETURN FALSE;
    END IF;
    INSERT INTO run_datasets (run_id, dataset, state, rows_in, written, quarantined, dropped, seconds, message)
    VALUES (p_run, p_dataset, p_state, p_rows_in, p_written, p_quarantined, p_dropped, p_seconds, p_message)
    ON CONFLICT (run_id, dataset) DO UPDATE SET state = EXCLUDED.state, rows_in = EXCLUDED.rows_in,
        written = EXCLUDED.written, quarantined = EXCLUDED.quarantined, dropped = EXCLUDED.dropped,
        seconds = EXCLUDED.seconds, message = EXCLUDED.message;
    RETURN TRUE;
END;
$$;

REVOKE EXECUTE ON FUNCTION record_run_dataset(TEXT, TEXT, TEXT, TEXT, BIGINT, BIGINT, BIGINT, BIGINT, DOUBLE PRECISION,
    TEXT) FROM PUBLIC;

DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION record_run_dataset(TEXT, TEXT, TEXT, TEXT, BIGINT, BIGINT, BIGINT, BIGINT,'
                   ' DOUBLE PRECISION, TEXT) SET search_path = %I, pg_catalog, pg_temp', current_schema());
END
$$;
