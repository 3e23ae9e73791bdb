-- Lifecycle events (docs/events.md): the transactional outbox. Each event is written in the transaction of the run
-- state change it describes, as its CloudEvent in structured JSON; the server's relay publishes unsent rows to Kafka
-- in seq order and marks them sent. Writers of one pipeline's events take a transaction advisory lock on the pipeline
-- first, so within a pipeline seq order is commit order, and the relay never sends a later event before an earlier
-- one that was still being committed.
CREATE TABLE event_outbox (
    seq        BIGSERIAL PRIMARY KEY,
    -- The CloudEvent id (a UUID): consumers deduplicate by it.
    id         TEXT        NOT NULL UNIQUE,
    -- The Kafka key.
    pipeline   TEXT        NOT NULL,
    type       TEXT        NOT NULL,
    -- The CloudEvent, structured JSON mode, exactly as it is published.
    event      TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    sent_at    TIMESTAMPTZ
);

CREATE INDEX event_outbox_unsent ON event_outbox (seq) WHERE sent_at IS NULL;
CREATE INDEX event_outbox_created ON event_outbox (created_at);
