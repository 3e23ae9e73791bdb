-- Refusals of callers that did not authenticate are audited once per client, action and outcome a minute, with how
-- often they repeated: a flood of bad tokens costs the log a row a minute, not a row a request.
ALTER TABLE audit_log ADD COLUMN repeats INT NOT NULL DEFAULT 1;
