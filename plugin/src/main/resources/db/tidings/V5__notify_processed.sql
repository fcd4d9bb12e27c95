-- NOTIFY: events whose notification threads were written, claimed in the same transaction as the
-- threads, so processing an event again (a retry, another node taking over) changes nothing.
-- Pruned after notify.retention.processedMaxAge (the journal no longer holds such events).
CREATE TABLE notify_processed (
  event_id      TEXT    PRIMARY KEY,
  processed_at  INTEGER NOT NULL
);
CREATE INDEX ix_notify_processed_at ON notify_processed (processed_at);
