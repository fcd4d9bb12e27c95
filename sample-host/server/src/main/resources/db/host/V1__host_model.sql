-- Users and organisations share one namespace and one id sequence, like Gitea's "user" table.
CREATE TABLE accounts (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  name          TEXT NOT NULL COLLATE NOCASE UNIQUE,
  kind          TEXT NOT NULL CHECK (kind IN ('user', 'org')),
  full_name     TEXT NOT NULL DEFAULT '',
  email         TEXT NOT NULL DEFAULT '',
  password_hash TEXT,
  is_admin      INTEGER NOT NULL DEFAULT 0,
  description   TEXT NOT NULL DEFAULT '',
  website       TEXT NOT NULL DEFAULT '',
  location      TEXT NOT NULL DEFAULT '',
  visibility    TEXT NOT NULL DEFAULT 'public',
  created       INTEGER NOT NULL
);

CREATE TABLE access_tokens (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id    INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  name       TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  last_eight TEXT NOT NULL,
  scopes     TEXT NOT NULL DEFAULT '',
  created    INTEGER NOT NULL,
  UNIQUE (user_id, name)
);

CREATE TABLE sessions (
  id_hash  TEXT PRIMARY KEY,
  user_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  csrf     TEXT NOT NULL,
  created  INTEGER NOT NULL,
  expires  INTEGER NOT NULL
);

CREATE TABLE teams (
  id                        INTEGER PRIMARY KEY AUTOINCREMENT,
  org_id                    INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  name                      TEXT NOT NULL COLLATE NOCASE,
  description               TEXT NOT NULL DEFAULT '',
  permission                TEXT NOT NULL,
  includes_all_repositories INTEGER NOT NULL DEFAULT 1,
  can_create_org_repo       INTEGER NOT NULL DEFAULT 0,
  units                     TEXT NOT NULL DEFAULT '',
  UNIQUE (org_id, name)
);

CREATE TABLE team_members (
  team_id INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  PRIMARY KEY (team_id, user_id)
);

CREATE TABLE repositories (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  owner_id       INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  name           TEXT NOT NULL COLLATE NOCASE,
  description    TEXT NOT NULL DEFAULT '',
  is_private     INTEGER NOT NULL DEFAULT 0,
  default_branch TEXT NOT NULL DEFAULT 'main',
  next_number    INTEGER NOT NULL DEFAULT 1,
  created        INTEGER NOT NULL,
  updated        INTEGER NOT NULL,
  UNIQUE (owner_id, name)
);

CREATE TABLE collaborators (
  repo_id    INTEGER NOT NULL REFERENCES repositories(id) ON DELETE CASCADE,
  user_id    INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  permission TEXT NOT NULL CHECK (permission IN ('read', 'write', 'admin')),
  PRIMARY KEY (repo_id, user_id)
);

-- Issues and pull requests share one number sequence per repository (repositories.next_number).
CREATE TABLE issues (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  repo_id   INTEGER NOT NULL REFERENCES repositories(id) ON DELETE CASCADE,
  number    INTEGER NOT NULL,
  poster_id INTEGER NOT NULL REFERENCES accounts(id),
  title     TEXT NOT NULL,
  body      TEXT NOT NULL DEFAULT '',
  state     TEXT NOT NULL CHECK (state IN ('open', 'closed')),
  is_pull   INTEGER NOT NULL DEFAULT 0,
  created   INTEGER NOT NULL,
  updated   INTEGER NOT NULL,
  closed_at INTEGER,
  UNIQUE (repo_id, number)
);
CREATE INDEX issues_repo_state ON issues (repo_id, is_pull, state, created);

CREATE TABLE pulls (
  issue_id    INTEGER PRIMARY KEY REFERENCES issues(id) ON DELETE CASCADE,
  head_branch TEXT NOT NULL,
  base_branch TEXT NOT NULL,
  head_sha    TEXT NOT NULL,
  merged      INTEGER NOT NULL DEFAULT 0,
  merge_sha   TEXT,
  merged_by   INTEGER REFERENCES accounts(id),
  merged_at   INTEGER
);

CREATE TABLE comments (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  issue_id  INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
  poster_id INTEGER NOT NULL REFERENCES accounts(id),
  body      TEXT NOT NULL,
  created   INTEGER NOT NULL,
  updated   INTEGER NOT NULL
);
CREATE INDEX comments_issue ON comments (issue_id, id);

CREATE TABLE reviews (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  issue_id    INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
  reviewer_id INTEGER NOT NULL REFERENCES accounts(id),
  state       TEXT NOT NULL CHECK (state IN ('APPROVED', 'REQUEST_CHANGES', 'COMMENT', 'PENDING')),
  body        TEXT NOT NULL DEFAULT '',
  commit_id   TEXT NOT NULL DEFAULT '',
  created     INTEGER NOT NULL,
  updated     INTEGER NOT NULL
);
CREATE INDEX reviews_issue ON reviews (issue_id, id);

CREATE TABLE review_requests (
  issue_id INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
  user_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  created  INTEGER NOT NULL,
  PRIMARY KEY (issue_id, user_id)
);

CREATE TABLE assignees (
  issue_id INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
  user_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  PRIMARY KEY (issue_id, user_id)
);
