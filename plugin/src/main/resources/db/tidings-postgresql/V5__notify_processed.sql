-- NOTIFY: SQLite's V5, the events whose threads were written (idempotent processing).
CREATE TABLE notify_processed (
  event_id      TEXT    PRIMARY KEY,
  processed_at  BIGINT  NOT NULL
);
CREATE INDEX ix_notify_processed_at ON notify_processed (processed_at);
