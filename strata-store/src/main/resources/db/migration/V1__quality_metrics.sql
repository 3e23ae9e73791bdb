-- Quality metrics: what each run measured on each dataset, and its rules' outcomes.
-- A run records one row in metric_runs per dataset; recording it again replaces its values and results.

CREATE TABLE metric_runs (
    id          BIGSERIAL PRIMARY KEY,
    pipeline    TEXT        NOT NULL,
    dataset     TEXT        NOT NULL,
    run_id      TEXT        NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL,
    UNIQUE (pipeline, dataset, run_id)
);

-- history(): a dataset's most recent runs; latestRun(): a pipeline's most recent run.
CREATE INDEX metric_runs_dataset_recent ON metric_runs (pipeline, dataset, recorded_at DESC, id DESC);
CREATE INDEX metric_runs_pipeline_recent ON metric_runs (pipeline, recorded_at DESC, id DESC);

CREATE TABLE metric_values (
    run_ref       BIGINT           NOT NULL REFERENCES metric_runs (id) ON DELETE CASCADE,
    metric        TEXT             NOT NULL,
    -- '' when the metric takes no subject, e.g. row_count.
    subject       TEXT             NOT NULL DEFAULT '',
    -- '' for the whole batch.
    partition_key TEXT             NOT NULL DEFAULT '',
    value         DOUBLE PRECISION NOT NULL,
    -- What another batch's state merges with: count, sum, mean and m2, min, max, an HLL sketch.
    state         JSONB            NOT NULL DEFAULT '{}',
    -- Also serves history(): one lookup per recent run.
    PRIMARY KEY (run_ref, metric, subject, partition_key)
);

CREATE TABLE rule_results (
    run_ref  BIGINT NOT NULL REFERENCES metric_runs (id) ON DELETE CASCADE,
    position INT    NOT NULL,
    name     TEXT   NOT NULL,
    rule     TEXT,
    on_fail  TEXT,
    checked  BIGINT NOT NULL,
    passed   BIGINT NOT NULL,
    failed   BIGINT NOT NULL,
    status   TEXT   NOT NULL,
    message  TEXT,
    value    DOUBLE PRECISION,
    expected TEXT,
    PRIMARY KEY (run_ref, position)
);
