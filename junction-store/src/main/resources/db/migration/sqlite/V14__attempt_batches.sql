-- A batch (ADR 0026): the attempts of deliveries sent together in one request share its id.
ALTER TABLE attempts ADD COLUMN batch_id TEXT;
