-- Anomaly rules leave the values they flagged out of their statistics (ignore_anomalies): each value keeps the names
-- of the anomaly rules that flagged it in its run.
ALTER TABLE metric_values ADD COLUMN flagged_by TEXT[] NOT NULL DEFAULT '{}';

-- 'run' for a pipeline run; 'import' for a point of a history imported with strata quality import-history, whose
-- run_id is 'import:' and its time, so that importing the same file again replaces rather than adds.
ALTER TABLE metric_runs ADD COLUMN source TEXT NOT NULL DEFAULT 'run' CHECK (source IN ('run', 'import'));
