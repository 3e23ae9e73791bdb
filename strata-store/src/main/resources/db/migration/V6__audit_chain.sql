-- A tamper-evident audit log: each row holds the hash of the row before it, and its own hash covers that link and its
-- fields, so a row changed, removed or slipped in breaks the chain where it happened (strata audit verify).
-- docs/security.md gives the canonical form the hash covers, for verifying an export anywhere.

ALTER TABLE audit_log ADD COLUMN prev_hash TEXT, ADD COLUMN hash TEXT;

-- The chain's last link. Each insert locks this one row until it commits, so concurrent inserts, from any number of
-- servers, are put in one order: the order of their ids.
CREATE TABLE audit_chain_head (
    singleton BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
    last_id   BIGINT,
    last_hash TEXT NOT NULL
);

-- One field of the canonical form: '-' for NULL, else its length in UTF-8 bytes, ':' and the text, so that no two
-- different rows have the same form.
CREATE FUNCTION audit_log_field(p_value TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN p_value IS NULL THEN '-' ELSE octet_length(convert_to(p_value, 'UTF8')) || ':' || p_value END
$$;

-- SHA-256, as lowercase hex, of the row's canonical form: lines of the version tag, the previous row's hash, the id,
-- the time in UTC to the microsecond, the status, the repeats, then principal, action, target, result and client.
CREATE FUNCTION audit_log_hash(p_prev_hash TEXT, p_id BIGINT, p_at TIMESTAMPTZ, p_status INT, p_repeats INT,
                               p_principal TEXT, p_action TEXT, p_target TEXT, p_result TEXT, p_client TEXT)
    RETURNS TEXT LANGUAGE sql STABLE AS $$
    SELECT encode(sha256(convert_to(concat_ws(E'\n',
        'strata-audit-v1',
        p_prev_hash,
        p_id::text,
        to_char(p_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        p_status::text,
        p_repeats::text,
        audit_log_field(p_principal),
        audit_log_field(p_action),
        audit_log_field(p_target),
        audit_log_field(p_result),
        audit_log_field(p_client)), 'UTF8')), 'hex')
$$;

-- Chains the rows already there, in the order of their ids.
ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only;
DO $$
DECLARE
    r        RECORD;
    previous TEXT := repeat('0', 64);
BEGIN
    FOR r IN SELECT * FROM audit_log ORDER BY id LOOP
        UPDATE audit_log
        SET prev_hash = previous,
            hash = audit_log_hash(previous, r.id, r.at, r.status, r.repeats, r.principal, r.action, r.target,
                                  r.result, r.client)
        WHERE id = r.id
        RETURNING hash INTO previous;
    END LOOP;
    INSERT INTO audit_chain_head (last_id, last_hash) VALUES ((SELECT max(id) FROM audit_log), previous);
END
$$;
ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only;

ALTER TABLE audit_log
    ALTER COLUMN prev_hash SET NOT NULL,
    ALTER COLUMN hash SET NOT NULL,
    -- The chain's trigger gives each row its id, under the head's lock, so that ids follow the chain.
    ALTER COLUMN id DROP DEFAULT;

-- Runs with its owner's rights: the roles that insert need no access to the head, and cannot move it.
CREATE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
    previous TEXT;
BEGIN
    SELECT last_hash INTO previous FROM audit_chain_head WHERE singleton FOR UPDATE;
    NEW.id := nextval('audit_log_id_seq');
    NEW.prev_hash := previous;
    NEW.hash := audit_log_hash(previous, NEW.id, NEW.at, NEW.status, NEW.repeats, NEW.principal, NEW.action,
                               NEW.target, NEW.result, NEW.client);
    UPDATE audit_chain_head SET last_id = NEW.id, last_hash = NEW.hash WHERE singleton;
    RETURN NEW;
END;
$$;

-- A function that runs with its owner's rights names its objects in the store's own schema only (never a caller's
-- temporary table of the same name).
DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION audit_log_chain() SET search_path = %I, pg_catalog, pg_temp', current_schema());
END
$$;

CREATE TRIGGER audit_log_chain
    BEFORE INSERT ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_chain();
