-- The control plane: registered pipelines and their versions, runs, API keys, role bindings and the audit log.

CREATE TABLE pipelines (
    name        TEXT PRIMARY KEY,
    -- Relative paths in the pipeline resolve against this folder.
    base_dir    TEXT        NOT NULL,
    -- The file it was registered from, when it was; NULL for a pipeline posted as YAML.
    source_path TEXT,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    created_by  TEXT        NOT NULL,
    -- A deleted pipeline keeps its versions and runs; registering the name again revives it.
    deleted_at  TIMESTAMPTZ
);

-- Every YAML a pipeline had, as it was sent: environment references are stored unresolved, so no secret value is kept.
CREATE TABLE pipeline_versions (
    pipeline   TEXT        NOT NULL REFERENCES pipelines (name),
    version    INT         NOT NULL,
    yaml       TEXT        NOT NULL,
    sha256     TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    created_by TEXT        NOT NULL,
    PRIMARY KEY (pipeline, version)
);

CREATE TABLE runs (
    id            TEXT PRIMARY KEY,
    pipeline      TEXT        NOT NULL REFERENCES pipelines (name),
    version       INT         NOT NULL,
    -- queued, running, succeeded, failed, cancelled
    state         TEXT        NOT NULL,
    only_selector TEXT,
    parameters    JSONB       NOT NULL DEFAULT '{}',
    attempt       INT         NOT NULL DEFAULT 1,
    submitted_by  TEXT        NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    -- When a queued run may start: later than created_at for a retry that backs off.
    not_before    TIMESTAMPTZ NOT NULL,
    started_at    TIMESTAMPTZ,
    finished_at   TIMESTAMPTZ,
    -- The server instance that runs it, and its child process.
    server_id     TEXT,
    pid           BIGINT,
    cancel_requested BOOLEAN  NOT NULL DEFAULT FALSE,
    exit_code     INT,
    message       TEXT,
    -- The engine's run summary (strata run --summary-json).
    summary       JSONB,
    CONSTRAINT runs_state CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled'))
);

-- Two runs of one pipeline never write at once: the database, not a server's memory, refuses a second running run.
CREATE UNIQUE INDEX runs_one_running_per_pipeline ON runs (pipeline) WHERE state = 'running';
CREATE INDEX runs_queue ON runs (not_before, created_at) WHERE state = 'queued';
CREATE INDEX runs_recent ON runs (created_at DESC, id DESC);
CREATE INDEX runs_pipeline_recent ON runs (pipeline, created_at DESC, id DESC);

-- The servers that run runs, each with a fresh id per start. A running run whose server stopped beating is orphaned.
CREATE TABLE servers (
    id           TEXT PRIMARY KEY,
    host         TEXT        NOT NULL,
    started_at   TIMESTAMPTZ NOT NULL,
    heartbeat_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE run_datasets (
    run_id      TEXT   NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    dataset     TEXT   NOT NULL,
    state       TEXT   NOT NULL,
    rows_in     BIGINT NOT NULL,
    written     BIGINT NOT NULL,
    quarantined BIGINT NOT NULL,
    dropped     BIGINT NOT NULL,
    seconds     DOUBLE PRECISION,
    message     TEXT,
    PRIMARY KEY (run_id, dataset)
);

-- API keys are random; only their SHA-256 is kept, and a key is shown once, when it is created.
CREATE TABLE api_keys (
    id          TEXT PRIMARY KEY,
    name        TEXT        NOT NULL,
    role        TEXT        NOT NULL,
    key_hash    TEXT        NOT NULL UNIQUE,
    -- A scoped key holds its role only on the pipelines role_bindings names, and sees no other pipeline.
    scoped      BOOLEAN     NOT NULL DEFAULT FALSE,
    created_at  TIMESTAMPTZ NOT NULL,
    created_by  TEXT        NOT NULL,
    revoked_at  TIMESTAMPTZ,
    CONSTRAINT api_keys_role CHECK (role IN ('viewer', 'operator', 'editor', 'admin'))
);

-- A role a principal holds on one pipeline only, beside (never below) its own role.
CREATE TABLE role_bindings (
    principal  TEXT        NOT NULL,
    pipeline   TEXT        NOT NULL,
    role       TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    created_by TEXT        NOT NULL,
    PRIMARY KEY (principal, pipeline),
    CONSTRAINT role_bindings_role CHECK (role IN ('viewer', 'operator', 'editor', 'admin'))
);

-- Every mutating call, allowed or refused. Rows are appended only: a trigger refuses to change or delete them.
CREATE TABLE audit_log (
    id         BIGSERIAL PRIMARY KEY,
    at         TIMESTAMPTZ NOT NULL,
    principal  TEXT        NOT NULL,
    action     TEXT        NOT NULL,
    target     TEXT        NOT NULL,
    result     TEXT        NOT NULL,
    status     INT         NOT NULL,
    client     TEXT
);

CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_log_append_only
    BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

CREATE TRIGGER audit_log_no_truncate
    BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
