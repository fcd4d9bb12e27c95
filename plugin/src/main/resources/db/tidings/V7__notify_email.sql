-- NOTIFY email: each user's email mode, and the outbox of emails to send. Outbox rows are written
-- in the same transaction as the notification threads they tell about, claimed by one sender
-- (claimed_by, claim_until) before sending and marked sent after, so that a crash or a second
-- node neither loses nor repeats one. Times are epoch milliseconds (UTC).

-- off (no row), immediate or daily.
CREATE TABLE notify_email (
  user_id     INTEGER PRIMARY KEY,
  user_login  TEXT    NOT NULL,
  mode        TEXT    NOT NULL,
  updated_at  INTEGER NOT NULL
);

CREATE TABLE notify_email_outbox (
  id                INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id           INTEGER NOT NULL,
  user_login        TEXT    NOT NULL,
  -- the event (or write) the row comes from: one row per user, thread and event
  dedupe_key        TEXT    NOT NULL,
  -- immediate or daily (the mode when the thread was written)
  mode              TEXT    NOT NULL,
  subject_key       TEXT    NOT NULL,
  subject_type      TEXT    NOT NULL,
  subject_number    INTEGER NOT NULL,
  subject_title     TEXT    NOT NULL,
  subject_html_url  TEXT    NOT NULL,
  repo_id           INTEGER NOT NULL,
  repo_owner        TEXT    NOT NULL,
  repo_name         TEXT    NOT NULL,
  reason            TEXT    NOT NULL,
  actor             TEXT    NOT NULL,
  event_type        TEXT    NOT NULL,
  created_at        INTEGER NOT NULL,
  -- when it may be sent: now for immediate, the next digest time for daily
  due_at            INTEGER NOT NULL,
  attempts          INTEGER NOT NULL DEFAULT 0,
  next_attempt_at   INTEGER NOT NULL DEFAULT 0,
  claimed_by        TEXT    NOT NULL DEFAULT '',
  claim_until       INTEGER NOT NULL DEFAULT 0,
  -- 0 while unsent
  sent_at           INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX ux_notify_email_outbox_dedupe ON notify_email_outbox (user_id, subject_key, dedupe_key);
-- The sender's scan: unsent rows by due time.
CREATE INDEX ix_notify_email_outbox_pending ON notify_email_outbox (sent_at, due_at);
