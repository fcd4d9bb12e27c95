-- Counters that tell every node sharing this database when its in-memory caches went stale.
-- Triggers bump them in the same transaction as the change, so no code path can forget it; each
-- node polls the row values (one tiny query per --access-refresh) and clears its caches when
-- they moved. 'access': HostAccessControl's answers; 'credentials': resolved access tokens.
CREATE TABLE cache_generations (
  name  TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
INSERT INTO cache_generations (name, value) VALUES ('access', 0), ('credentials', 0);

-- Access: accounts (admin flag, org visibility, renames), repositories (visibility, renames,
-- creation: a missing repository is cached), collaborators, teams and team members.
CREATE TRIGGER access_accounts_insert AFTER INSERT ON accounts
BEGIN UPDATE cache_generations SET value = value + 1 WHERE name = 'access'; END;
CREATE TRIGGER access_accounts_delete AFTER DELETE ON accounts
BEGIN UPDATE cache_generations SET value = value + 1 WHERE name = 'access'; END;
CREATE TRIGGER access_accounts_update AFTER UPDATE OF name, kind, is_admin, visibility ON accounts
WHEN OLD.name IS NOT NEW.name OR OLD.kind IS NOT NEW.kind OR OLD.is_admin IS NOT NEW.is_admin
  OR OLD.visibility IS NOT NEW.visibility
BEGIN UPDATE cache_generations SET value = value + 1 WHERE name = 'access'; END;

CREATE TRIGGER access_repositories_insert AFTER INSERT ON repositories
BEGIN UPDATE cache_generations SET value = value + 1 WHERE name = 'access'; END;
CREATE TRIGGER access_repositories_delete AFTER DELETE ON repositories
BEGIN UPDATE cache_generations SET value = value + 1 WHERE name = 'access'; END;
CREATE TRIGGER access_repositories_update AFTER UPDATE OF owner_id, name, is_private ON repositories
WHEN OLD.owner_id IS NOT NEW.owner_id OR OLD.name IS NOT NEW.name OR OLD.is_private IS NOT NEW.is_private
BEGIN UPDATE cache_generations SET value = value + 1 WHERE name = 'access'; END;

CREATE TRIGGER access_collaborators_insert AFTER INSERT ON collaborators
BEGIN UPDATE cache_generations SET value = value + 1 WHERE name = 'access'; END;
CREATE TRIGGER access_collaborators_delete AFTER DELETE ON collaborators
BEGIN UPDATE cache_generations SET value = value + 1 WHERE name = 'access'; END;
CREATE TRIGGER access_collaborators_update AFTER UPDATE ON collaborators
BEGIN UPDATE cache_generations SET value = value + 1 WHERE name = 'access'; END;

CREATE TRIGGER access_teams_insert AFTER INSERT ON teams
BEGIN UPDATE cache_generations SET value = value + 1 WHERE name = 'access'; END;
CREATE TRIGGER access_teams_delete AFTER DELETE ON teams
BEGIN UPDATE cache_generations SET value = value + 1 WHERE name = 'access'; END;
CREATE TRIGGER access_teams_update AFTER UPDATE OF org_id, permission ON teams
WHEN OLD.org_id IS NOT NEW.org_id OR OLD.permission IS NOT NEW.permission
BEGIN UPDATE cache_generations SET value = value + 1 WHERE name = 'access'; END;

CREATE TRIGGER access_team_members_insert AFTER INSERT ON team_members
BEGIN UPDATE cache_generations SET value = value + 1 WHERE name = 'access'; END;
CREATE TRIGGER access_team_members_delete AFTER DELETE ON team_members
BEGIN UPDATE cache_generations SET value = value + 1 WHERE name = 'access'; END;
CREATE TRIGGER access_team_members_update AFTER UPDATE ON team_members
BEGIN UPDATE cache_generations SET value = value + 1 WHERE name = 'access'; END;

-- Credentials: a resolved token carries the token and its user's profile.
CREATE TRIGGER credentials_tokens_delete AFTER DELETE ON access_tokens
BEGIN UPDATE cache_generations SET value = value + 1 WHERE name = 'credentials'; END;
CREATE TRIGGER credentials_tokens_update AFTER UPDATE ON access_tokens
BEGIN UPDATE cache_generations SET value = value + 1 WHERE name = 'credentials'; END;
CREATE TRIGGER credentials_accounts_delete AFTER DELETE ON accounts
BEGIN UPDATE cache_generations SET value = value + 1 WHERE name = 'credentials'; END;
CREATE TRIGGER credentials_accounts_update AFTER UPDATE OF name, full_name, email, is_admin ON accounts
WHEN OLD.name IS NOT NEW.name OR OLD.full_name IS NOT NEW.full_name OR OLD.email IS NOT NEW.email
  OR OLD.is_admin IS NOT NEW.is_admin
BEGIN UPDATE cache_generations SET value = value + 1 WHERE name = 'credentials'; END;
