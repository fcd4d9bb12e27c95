-- NOTIFY on PostgreSQL (store=postgresql): SQLite's V2 (db/tidings) in PostgreSQL's types, with
-- V3's index order folded in. Versions follow SQLite's, so "V2" is the same schema on both; the
-- event log's V1 and the journal's V4_1 stay in SQLite. 64-bit ids and epoch-millisecond times
-- (SQLite's INTEGER is 64-bit; PostgreSQL's is not).

CREATE TABLE notify_thread (
  id                       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id                  BIGINT  NOT NULL,
  user_login               TEXT    NOT NULL,
  subject_key              TEXT    NOT NULL,
  subject_type             TEXT    NOT NULL,
  subject_number           BIGINT  NOT NULL DEFAULT 0,
  subject_title            TEXT    NOT NULL DEFAULT '',
  subject_state            TEXT    NOT NULL DEFAULT '',
  subject_url              TEXT    NOT NULL DEFAULT '',
  subject_html_url         TEXT    NOT NULL DEFAULT '',
  latest_comment_url       TEXT    NOT NULL DEFAULT '',
  latest_comment_html_url  TEXT    NOT NULL DEFAULT '',
  repo_id                  BIGINT  NOT NULL,
  repo_owner               TEXT    NOT NULL,
  repo_name                TEXT    NOT NULL,
  reason                   TEXT    NOT NULL,
  reason_rank              INTEGER NOT NULL,
  -- 1 unread, 2 read, 3 pinned (Gitea's NotificationStatus values)
  status                   INTEGER NOT NULL DEFAULT 1,
  latest_actor             TEXT    NOT NULL DEFAULT '',
  latest_event             TEXT    NOT NULL DEFAULT '',
  created_at               BIGINT  NOT NULL,
  updated_at               BIGINT  NOT NULL
);

CREATE UNIQUE INDEX ux_notify_thread_user_subject ON notify_thread (user_id, subject_key);
-- The list order is "updated_at DESC, id DESC": with id as the last column PostgreSQL walks these
-- backwards for a page, as SQLite does with its implicit rowid (V3).
CREATE INDEX ix_notify_thread_user_status_updated ON notify_thread (user_id, status, updated_at, id);
CREATE INDEX ix_notify_thread_user_updated ON notify_thread (user_id, updated_at, id);
CREATE INDEX ix_notify_thread_user_repo_updated ON notify_thread (user_id, repo_id, updated_at, id);
CREATE INDEX ix_notify_thread_status_updated ON notify_thread (status, updated_at);
CREATE INDEX ix_notify_thread_repo ON notify_thread (repo_id);

CREATE TABLE notify_watch (
  user_id     BIGINT  NOT NULL,
  user_login  TEXT    NOT NULL,
  repo_id     BIGINT  NOT NULL,
  repo_owner  TEXT    NOT NULL,
  repo_name   TEXT    NOT NULL,
  level       TEXT    NOT NULL,
  kinds       TEXT    NOT NULL DEFAULT '',
  created_at  BIGINT  NOT NULL,
  updated_at  BIGINT  NOT NULL,
  PRIMARY KEY (user_id, repo_id)
);
CREATE INDEX ix_notify_watch_repo_level ON notify_watch (repo_id, level);
CREATE INDEX ix_notify_watch_user_created ON notify_watch (user_id, created_at);

CREATE TABLE notify_preferences (
  user_id        BIGINT  PRIMARY KEY,
  user_login     TEXT    NOT NULL,
  default_level  TEXT    NOT NULL,
  document       TEXT    NOT NULL,
  updated_at     BIGINT  NOT NULL
);
CREATE INDEX ix_notify_preferences_level ON notify_preferences (default_level);
