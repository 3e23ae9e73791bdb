-- Schedules: `strata serve` starts a pipeline's runs at its cron's fire times.
--
-- scheduled_tasks is db-scheduler's own table (its PostgreSQL layout for 15.x): one row per scheduled pipeline, whose
-- next fire time a server claims by an optimistic update before it fires, so that one server, and one only, handles
-- each fire time. schedule_fires is the belt and braces: one row per (pipeline, fire time) handled, inserted in the
-- same transaction as the run it queued, so a fire time never starts two runs whatever the scheduler does.

CREATE TABLE scheduled_tasks (
    task_name            TEXT                     NOT NULL,
    task_instance        TEXT                     NOT NULL,
    task_data            BYTEA,
    execution_time       TIMESTAMP WITH TIME ZONE NOT NULL,
    picked               BOOLEAN                  NOT NULL,
    picked_by            TEXT,
    last_success         TIMESTAMP WITH TIME ZONE,
    last_failure         TIMESTAMP WITH TIME ZONE,
    consecutive_failures INT,
    last_heartbeat       TIMESTAMP WITH TIME ZONE,
    version              BIGINT                   NOT NULL,
    priority             SMALLINT,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX scheduled_tasks_execution_time ON scheduled_tasks (execution_time);
CREATE INDEX scheduled_tasks_last_heartbeat ON scheduled_tasks (last_heartbeat);
CREATE INDEX scheduled_tasks_priority_execution_time ON scheduled_tasks (priority DESC, execution_time ASC);

-- The time a run is for: a scheduled run's fire time. Null for a run started by hand, which is for its start.
ALTER TABLE runs ADD COLUMN IF NOT EXISTS logical_time TIMESTAMPTZ;

-- Every fire time a schedule handled: the run it queued, or none when the catch-up policy skipped it.
CREATE TABLE schedule_fires (
    pipeline  TEXT        NOT NULL,
    fire_time TIMESTAMPTZ NOT NULL,
    run_id    TEXT REFERENCES runs (id) ON DELETE SET NULL,
    fired_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (pipeline, fire_time)
);

-- A schedule's state beside its pipeline's file: paused (by the file's `paused: true` or the API), and the `paused:`
-- of the version registered last, so that a new version changes the state only when its file changes `paused:`.
-- fires_from: fire times before it never run (the schedule was new, changed or paused then); after downtime, the fire
-- times since the last one in schedule_fires, and not before fires_from, are the missed ones.
CREATE TABLE pipeline_schedules (
    pipeline    TEXT        PRIMARY KEY,
    paused      BOOLEAN     NOT NULL DEFAULT FALSE,
    spec_paused BOOLEAN     NOT NULL DEFAULT FALSE,
    fires_from  TIMESTAMPTZ NOT NULL,
    cron        TEXT        NOT NULL,
    timezone    TEXT        NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    updated_by  TEXT        NOT NULL
);
