-- Notifications (NOTIFY): one thread per (user, subject), per-repository watch overrides and
-- per-user preferences. Times are epoch milliseconds (UTC).

CREATE TABLE notify_thread (
  id                       INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id                  INTEGER NOT NULL,
  user_login               TEXT    NOT NULL,
  subject_key              TEXT    NOT NULL,
  -- Gitea's NotifySubjectType: Issue, Pull, Commit, Repository (pushes per branch are Repository)
  subject_type             TEXT    NOT NULL,
  subject_number           INTEGER NOT NULL DEFAULT 0,
  subject_title            TEXT    NOT NULL DEFAULT '',
  -- open, closed, merged or '' (Commit / Repository)
  subject_state            TEXT    NOT NULL DEFAULT '',
  subject_url              TEXT    NOT NULL DEFAULT '',
  subject_html_url         TEXT    NOT NULL DEFAULT '',
  latest_comment_url       TEXT    NOT NULL DEFAULT '',
  latest_comment_html_url  TEXT    NOT NULL DEFAULT '',
  repo_id                  INTEGER NOT NULL,
  repo_owner               TEXT    NOT NULL,
  repo_name                TEXT    NOT NULL,
  -- GitHub's vocabulary; reason_rank keeps the strongest reason a thread ever had
  reason                   TEXT    NOT NULL,
  reason_rank              INTEGER NOT NULL,
  -- 1 unread, 2 read, 3 pinned (Gitea's NotificationStatus values)
  status                   INTEGER NOT NULL DEFAULT 1,
  latest_actor             TEXT    NOT NULL DEFAULT '',
  latest_event             TEXT    NOT NULL DEFAULT '',
  created_at               INTEGER NOT NULL,
  updated_at               INTEGER NOT NULL
);

-- One thread per user and subject: the upsert target.
CREATE UNIQUE INDEX ux_notify_thread_user_subject ON notify_thread (user_id, subject_key);
-- Unread count and the first page of a status-filtered list for a user with 100k threads.
CREATE INDEX ix_notify_thread_user_status_updated ON notify_thread (user_id, status, updated_at DESC);
-- all=true lists and Last-Modified.
CREATE INDEX ix_notify_thread_user_updated ON notify_thread (user_id, updated_at DESC);
-- Per-repository lists and marks.
CREATE INDEX ix_notify_thread_user_repo_updated ON notify_thread (user_id, repo_id, updated_at DESC);
-- Retention sweeps (read threads older than the configured age) and repository deletion.
CREATE INDEX ix_notify_thread_status_updated ON notify_thread (status, updated_at);
CREATE INDEX ix_notify_thread_repo ON notify_thread (repo_id);

-- A user's watch level for one repository, overriding the default in notify_preferences.
CREATE TABLE notify_watch (
  user_id     INTEGER NOT NULL,
  user_login  TEXT    NOT NULL,
  repo_id     INTEGER NOT NULL,
  repo_owner  TEXT    NOT NULL,
  repo_name   TEXT    NOT NULL,
  -- watching, participating, mentions, ignore, custom
  level       TEXT    NOT NULL,
  -- for custom: comma-separated kinds (pushes, prs, issues, comments, reviews)
  kinds       TEXT    NOT NULL DEFAULT '',
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  PRIMARY KEY (user_id, repo_id)
);
CREATE INDEX ix_notify_watch_repo_level ON notify_watch (repo_id, level);
CREATE INDEX ix_notify_watch_user_created ON notify_watch (user_id, created_at);

-- A user's preferences; default_level is a column so that "users watching everything they can
-- read" is one indexed query during fan-out. The rest is the preferences JSON document.
CREATE TABLE notify_preferences (
  user_id        INTEGER PRIMARY KEY,
  user_login     TEXT    NOT NULL,
  default_level  TEXT    NOT NULL,
  document       TEXT    NOT NULL,
  updated_at     INTEGER NOT NULL
);
CREATE INDEX ix_notify_preferences_level ON notify_preferences (default_level);
