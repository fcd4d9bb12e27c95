-- NOTIFY email: SQLite's V7 (email modes and the email outbox) for PostgreSQL.

-- off (no row), immediate or daily.
CREATE TABLE notify_email (
  user_id     BIGINT  PRIMARY KEY,
  user_login  TEXT    NOT NULL,
  mode        TEXT    NOT NULL,
  updated_at  BIGINT  NOT NULL
);

CREATE TABLE notify_email_outbox (
  id                BIGSERIAL PRIMARY KEY,
  user_id           BIGINT  NOT NULL,
  user_login        TEXT    NOT NULL,
  -- the event (or write) the row comes from: one row per user, thread and event
  dedupe_key        TEXT    NOT NULL,
  -- immediate or daily (the mode when the thread was written)
  mode              TEXT    NOT NULL,
  subject_key       TEXT    NOT NULL,
  subject_type      TEXT    NOT NULL,
  subject_number    BIGINT  NOT NULL,
  subject_title     TEXT    NOT NULL,
  subject_html_url  TEXT    NOT NULL,
  repo_id           BIGINT  NOT NULL,
  repo_owner        TEXT    NOT NULL,
  repo_name         TEXT    NOT NULL,
  reason            TEXT    NOT NULL,
  actor             TEXT    NOT NULL,
  event_type        TEXT    NOT NULL,
  created_at        BIGINT  NOT NULL,
  -- when it may be sent: now for immediate, the next digest time for daily
  due_at            BIGINT  NOT NULL,
  attempts          BIGINT  NOT NULL DEFAULT 0,
  next_attempt_at   BIGINT  NOT NULL DEFAULT 0,
  claimed_by        TEXT    NOT NULL DEFAULT '',
  claim_until       BIGINT  NOT NULL DEFAULT 0,
  -- 0 while unsent
  sent_at           BIGINT  NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX ux_notify_email_outbox_dedupe ON notify_email_outbox (user_id, subject_key, dedupe_key);
-- The sender's scan: unsent rows by due time.
CREATE INDEX ix_notify_email_outbox_pending ON notify_email_outbox (sent_at, due_at);
