-- Triggers (docs/events.md, "Triggers"): what started a run, and what each pipeline's triggers have already seen.

-- The trigger kind, where its events came from and their ids: {"kind": "kafka", "source": "orders", "events": [...]}.
-- NULL for a run someone started.
ALTER TABLE runs ADD COLUMN trigger_events JSONB;

-- Every event (a Kafka event's id, or a file's path) a pipeline's trigger has turned into a run, inserted in the same
-- transaction as that run: an event delivered again (a server killed before it committed its Kafka offsets, a file
-- listed again) finds its row and starts nothing. For files triggers this is the trigger's file ledger.
CREATE TABLE trigger_seen (
    pipeline    TEXT        NOT NULL,
    kind        TEXT        NOT NULL,
    event_id    TEXT        NOT NULL,
    run_id      TEXT        NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    recorded_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (pipeline, kind, event_id),
    CONSTRAINT trigger_seen_kind CHECK (kind IN ('kafka', 'dataset', 'files'))
);
CREATE INDEX trigger_seen_run ON trigger_seen (run_id);
