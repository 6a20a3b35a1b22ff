-- Retention deletes poll records by age (Pruning.prunePollRecords): the oldest first, without a full scan.
CREATE INDEX polls_started ON polls (started_at);
