-- What a polled source's server asked for on a 429 or 503 (Retry-After), in milliseconds from the poll's end; null
-- when it asked for nothing. Kept with the poll's record so that a restarted gateway, or the node that takes the
-- source's lease over, waits as the server asked instead of asking again at once (ADR 0050).
ALTER TABLE polls ADD COLUMN retry_after_ms BIGINT;
