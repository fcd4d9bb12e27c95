package dev.samplehost.server.auth;

import dev.samplehost.api.AccessControl;
import dev.samplehost.api.Permission;
import dev.samplehost.server.db.Database;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Repository and organisation access rules, answered from an in-memory cache because plugins ask
 * on every delivery; every service change that can affect access calls {@link #invalidate()}, and
 * changes made by other nodes sharing the database reach it through
 * {@link dev.samplehost.server.db.CacheGenerations} within {@code --access-refresh}.
 *
 * <p>Rules: public repositories are readable by anyone; the owning user and site admins are owners;
 * org repositories give members their best team permission (Owners team: owner); collaborators get
 * their read/write/admin level.
 *
 * <p>The caches are bounded LRUs (never wiped when full), and a repository that does not exist is
 * remembered once, under its name, not once per asking user: anonymous clients probing random
 * names cannot grow the caches or push the hot answers out one user at a time.
 */
@Singleton
public final class HostAccessControl implements AccessControl {
  static final int MAX_ENTRIES = 100_000;
  private final Database db;
  private final BoundedCache<String, Permission> repoCache = new BoundedCache<>(MAX_ENTRIES);
  /** Repositories (owner/name, lower case) that did not exist when asked. */
  private final BoundedCache<String, Boolean> missingRepos = new BoundedCache<>(MAX_ENTRIES);
  private final BoundedCache<String, Boolean> orgCache = new BoundedCache<>(MAX_ENTRIES);
  private final BoundedCache<String, Boolean> adminCache = new BoundedCache<>(MAX_ENTRIES);
  private final AtomicLong generation = new AtomicLong();

  @Inject
  HostAccessControl(Database db) {
    this.db = db;
  }

  /** Forgets every cached answer; call after any change to users, orgs, teams, repos or collaborators. */
  public void invalidate() {
    generation.incrementAndGet();
    repoCache.clear();
    missingRepos.clear();
    orgCache.clear();
    adminCache.clear();
  }

  /** How many repository answers are cached (per-user permissions plus missing repositories); for tests. */
  int cachedRepoAnswers() {
    return repoCache.size() + missingRepos.size();
  }

  @Override
  public Permission permission(String login, String owner, String name) {
    if (owner == null || name == null) {
      return Permission.NONE;
    }
    String repo = owner.toLowerCase(Locale.ROOT) + "/" + name.toLowerCase(Locale.ROOT);
    if (missingRepos.get(repo) != null) {
      return Permission.NONE;
    }
    String key = key(login) + "\0" + repo;
    Permission cached = repoCache.get(key);
    if (cached != null) {
      return cached;
    }
    long gen = generation.get();
    Permission computed = compute(login, owner, name);
    if (computed == null) {
      // No such repository: remembered once under its name (the anonymous answer), not per user.
      remember(missingRepos, repo, Boolean.TRUE, gen);
      return Permission.NONE;
    }
    remember(repoCache, key, computed, gen);
    return computed;
  }

  /**
   * Anyone may read a public repository, so that is answered from the repository's anonymous entry
   * (one lookup per repository) before any per-user lookup: a push to a repository with 10,000
   * watchers asks for 10,000 readers, and each first-time user lookup costs several queries.
   */
  @Override
  public boolean canRead(String login, String owner, String name) {
    if (permission(null, owner, name).atLeast(Permission.READ)) {
      return true;
    }
    return login != null && permission(login, owner, name).atLeast(Permission.READ);
  }

  @Override
  public boolean canSeeOrganization(String login, String org) {
    if (org == null) {
      return false;
    }
    String key = key(login) + "\0" + org.toLowerCase(Locale.ROOT);
    Boolean cached = orgCache.get(key);
    if (cached != null) {
      return cached;
    }
    long gen = generation.get();
    boolean computed = db.read(sql -> {
      Optional<Object[]> row = sql.one(
          "SELECT id, visibility FROM accounts WHERE name = ? AND kind = 'org'",
          rs -> new Object[] {rs.getLong(1), rs.getString(2)}, org);
      if (row.isEmpty()) {
        return false;
      }
      String visibility = (String) row.get()[1];
      if ("public".equals(visibility)) {
        return true;
      }
      if (login == null) {
        return false;
      }
      if ("limited".equals(visibility) || isAdminUncached(sql, login)) {
        return true;
      }
      return sql.number(
          "SELECT COUNT(*) FROM team_members tm JOIN teams t ON t.id = tm.team_id "
              + "JOIN accounts u ON u.id = tm.user_id WHERE t.org_id = ? AND u.name = ?",
          row.get()[0], login) > 0;
    });
    remember(orgCache, key, computed, gen);
    return computed;
  }

  @Override
  public boolean isAdmin(String login) {
    if (login == null) {
      return false;
    }
    String key = login.toLowerCase(Locale.ROOT);
    Boolean cached = adminCache.get(key);
    if (cached != null) {
      return cached;
    }
    long gen = generation.get();
    boolean computed = db.read(sql -> isAdminUncached(sql, login));
    remember(adminCache, key, computed, gen);
    return computed;
  }

  private static boolean isAdminUncached(dev.samplehost.server.db.Sql sql, String login)
      throws java.sql.SQLException {
    return sql.number("SELECT is_admin FROM accounts WHERE name = ? AND kind = 'user'", login) != 0;
  }

  /** The permission, or null when the repository does not exist. */
  private Permission compute(String login, String owner, String name) {
    return db.read(sql -> {
      Optional<Object[]> repo = sql.one(
          "SELECT r.id, r.is_private, o.id, o.kind FROM repositories r JOIN accounts o ON o.id = r.owner_id "
              + "WHERE o.name = ? AND r.name = ?",
          rs -> new Object[] {rs.getLong(1), rs.getInt(2) != 0, rs.getLong(3), rs.getString(4)},
          owner, name);
      if (repo.isEmpty()) {
        return null;
      }
      long repoId = (Long) repo.get()[0];
      boolean isPrivate = (Boolean) repo.get()[1];
      long ownerId = (Long) repo.get()[2];
      boolean orgOwned = "org".equals(repo.get()[3]);
      Permission base = isPrivate ? Permission.NONE : Permission.READ;
      if (login == null) {
        return base;
      }
      Optional<Object[]> user = sql.one(
          "SELECT id, is_admin FROM accounts WHERE name = ? AND kind = 'user'",
          rs -> new Object[] {rs.getLong(1), rs.getInt(2) != 0}, login);
      if (user.isEmpty()) {
        return base;
      }
      long userId = (Long) user.get()[0];
      if ((Boolean) user.get()[1] || userId == ownerId) {
        return Permission.OWNER;
      }
      Permission best = base;
      if (orgOwned) {
        for (String teamPermission : sql.list(
            "SELECT t.permission FROM teams t JOIN team_members tm ON tm.team_id = t.id "
                + "WHERE t.org_id = ? AND tm.user_id = ?",
            rs -> rs.getString(1), ownerId, userId)) {
          best = max(best, parse(teamPermission));
        }
      }
      Optional<String> collaborator = sql.one(
          "SELECT permission FROM collaborators WHERE repo_id = ? AND user_id = ?",
          rs -> rs.getString(1), repoId, userId);
      if (collaborator.isPresent()) {
        best = max(best, parse(collaborator.get()));
      }
      return best;
    });
  }

  /** Parses {@code none/read/write/admin/owner}. */
  public static Permission parse(String value) {
    return value == null ? Permission.NONE : Permission.valueOf(value.toUpperCase(Locale.ROOT));
  }

  private static Permission max(Permission a, Permission b) {
    return a.atLeast(b) ? a : b;
  }

  private <V> void remember(BoundedCache<String, V> cache, String key, V value, long gen) {
    // Skip caching if something changed while we computed: the value may already be stale.
    if (generation.get() == gen) {
      cache.put(key, value);
      if (generation.get() != gen) {
        cache.remove(key);
      }
    }
  }

  private static String key(String login) {
    return login == null ? "" : login.toLowerCase(Locale.ROOT);
  }
}
