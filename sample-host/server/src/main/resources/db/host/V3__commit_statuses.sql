-- Commit statuses (Gitea's commit_status): every state change of a (sha, context) is a row; a
-- pending -> pending update (progress) replaces the latest row of its context in place.
-- progress (0-100, NULL when not given) is a Tidings extension.
CREATE TABLE commit_statuses (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  repo_id     INTEGER NOT NULL REFERENCES repositories(id) ON DELETE CASCADE,
  sha         TEXT NOT NULL,
  context     TEXT NOT NULL,
  state       TEXT NOT NULL CHECK (state IN ('pending', 'success', 'error', 'failure', 'warning')),
  description TEXT NOT NULL DEFAULT '',
  target_url  TEXT NOT NULL DEFAULT '',
  progress    INTEGER CHECK (progress BETWEEN 0 AND 100),
  creator_id  INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
  created     INTEGER NOT NULL,
  updated     INTEGER NOT NULL
);
CREATE INDEX commit_statuses_sha ON commit_statuses (repo_id, sha, id);
CREATE INDEX commit_statuses_context ON commit_statuses (repo_id, sha, context, id);
