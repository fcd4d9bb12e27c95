-- NOTIFY: a user's choice for one issue or pull request (Gitea's issue watch, GitHub's thread
-- subscription): 'subscribed' (all activity on it, as if watching the repository) or 'muted'
-- (nothing from it at all). No row: the repository's rules (watch level, participation).
-- Issues and pull requests share their numbers within a repository (Gitea's index).
CREATE TABLE notify_thread_subscription (
  user_id     INTEGER NOT NULL,
  user_login  TEXT    NOT NULL,
  repo_id     INTEGER NOT NULL,
  repo_owner  TEXT    NOT NULL,
  repo_name   TEXT    NOT NULL,
  number      INTEGER NOT NULL,
  state       TEXT    NOT NULL,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  PRIMARY KEY (user_id, repo_id, number)
);
-- The router's read per event, the list of an issue's subscribers, and repository deletion.
CREATE INDEX ix_notify_thread_subscription_repo ON notify_thread_subscription (repo_id, number);
