-- Housekeeping deletes sent events oldest first, a batch at a time: along this index each batch reads only the rows
-- it deletes, instead of every sent event in the table.
CREATE INDEX junction_outbox_sent ON junction_outbox (state, sent_at);
