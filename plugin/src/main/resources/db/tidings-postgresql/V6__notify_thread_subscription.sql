-- NOTIFY: SQLite's V6, per-issue and per-pull-request subscriptions ('subscribed' or 'muted').
CREATE TABLE notify_thread_subscription (
  user_id     BIGINT  NOT NULL,
  user_login  TEXT    NOT NULL,
  repo_id     BIGINT  NOT NULL,
  repo_owner  TEXT    NOT NULL,
  repo_name   TEXT    NOT NULL,
  number      BIGINT  NOT NULL,
  state       TEXT    NOT NULL,
  created_at  BIGINT  NOT NULL,
  updated_at  BIGINT  NOT NULL,
  PRIMARY KEY (user_id, repo_id, number)
);
CREATE INDEX ix_notify_thread_subscription_repo ON notify_thread_subscription (repo_id, number);
