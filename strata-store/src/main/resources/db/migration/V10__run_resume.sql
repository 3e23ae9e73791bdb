-- Resume and retries: a run may resume another (the datasets that run did not finish), and each dataset's outcome
-- counts the attempts it took, with the messages of the ones that failed and were retried.

ALTER TABLE runs ADD COLUMN resumed_from TEXT;
-- The time a run stands for (a schedule's fire time). V9 (schedules) adds it; kept here as well, so that a resume
-- copies it whichever migration came first.
ALTER TABLE runs ADD COLUMN IF NOT EXISTS logical_time TIMESTAMPTZ;
CREATE INDEX runs_resumed_from ON runs (resumed_from) WHERE resumed_from IS NOT NULL;

ALTER TABLE run_datasets ADD COLUMN attempts INT NOT NULL DEFAULT 1;
ALTER TABLE run_datasets ADD COLUMN failed_attempts JSONB NOT NULL DEFAULT '[]';

-- A child run records its datasets' attempts as it records their outcomes (record_run_dataset): with the token its
-- server gave it, for its own running run only.
CREATE FUNCTION record_run_dataset_attempts(p_run TEXT, p_token TEXT, p_dataset TEXT, p_attempts INT,
                                            p_failed_attempts TEXT) RETURNS BOOLEAN
    LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
    IF p_token IS NULL OR NOT EXISTS (
            SELECT 1 FROM runs
            WHERE id = p_run AND state = 'running'
              AND progress_token_sha256 = encode(sha256(convert_to(p_token, 'UTF8')), 'hex')) THEN
        RETURN FALSE;
    END IF;
    UPDATE run_datasets SET attempts = p_attempts, failed_attempts = CAST(p_failed_attempts AS JSONB)
    WHERE run_id = p_run AND dataset = p_dataset;
    RETURN FOUND;
END;
$$;

REVOKE EXECUTE ON FUNCTION record_run_dataset_attempts(TEXT, TEXT, TEXT, INT, TEXT) FROM PUBLIC;

DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION record_run_dataset_attempts(TEXT, TEXT, TEXT, INT, TEXT)'
                   ' SET search_path = %I, pg_catalog, pg_temp', current_schema());
END
$$;
