package dev.samplehost.server.service;

import dev.samplehost.api.Permission;
import dev.samplehost.api.events.CollaboratorEvent;
import dev.samplehost.api.events.RepositoryEvent;
import dev.samplehost.server.auth.HostAccessControl;
import dev.samplehost.server.db.Database;
import dev.samplehost.server.domain.Branch;
import dev.samplehost.server.domain.Collaborator;
import dev.samplehost.server.domain.CommitInfo;
import dev.samplehost.server.domain.Repository;
import dev.samplehost.server.domain.User;
import dev.samplehost.server.events.HostEventBus;
import dev.samplehost.server.git.GitStore;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * Repositories (rows plus bare git repositories), collaborators and branch/commit reads.
 * Authorisation is the caller's job, except {@link #permission} which answers it.
 */
@Singleton
public class RepoService {
  static final String REPO_COLUMNS =
      "r.id, r.owner_id, o.name, o.kind, r.name, r.description, r.is_private, r.default_branch, r.created, r.updated";
  static final String REPO_FROM = " FROM repositories r JOIN accounts o ON o.id = r.owner_id ";
  private final Database db;
  private final GitStore git;
  private final HostAccessControl access;
  private final HostEventBus events;

  @Inject
  RepoService(Database db, GitStore git, HostAccessControl access, HostEventBus events) {
    this.db = db;
    this.git = git;
    this.access = access;
    this.events = events;
  }

  /**
   * Creates {@code owner/name} (owner: a user login or an organisation); with {@code autoInit} the
   * default branch gets a first commit with a README.md. 409 if it exists, 422 for a bad name, 404
   * for an unknown owner. (Watching is the plugins' business: Tidings auto-watches on repo.created.)
   */
  public Repository create(User actor, String owner, String name, String description, boolean isPrivate,
      boolean autoInit, String defaultBranch) {
    Names.repository(name);
    String branch = defaultBranch == null || defaultBranch.isBlank() ? "main" : defaultBranch.trim();
    if (!org.eclipse.jgit.lib.Repository.isValidRefName("refs/heads/" + branch)) {
      throw new ValidationException("DefaultBranch", "GitRefName");
    }
    Repository repo = db.tx(sql -> {
      Optional<Long> ownerId = sql.one("SELECT id FROM accounts WHERE name = ?", rs -> rs.getLong(1), owner);
      if (ownerId.isEmpty()) {
        throw new NotFoundException("owner does not exist [name: " + owner + "]");
      }
      if (sql.number("SELECT COUNT(*) FROM repositories WHERE owner_id = ? AND name = ?", ownerId.get(), name) > 0) {
        throw new ConflictException("The repository with the same name already exists.");
      }
      long now = Rows.now();
      long id = sql.insert(
          "INSERT INTO repositories (owner_id, name, description, is_private, default_branch, created, updated) "
              + "VALUES (?, ?, ?, ?, ?, ?, ?)",
          ownerId.get(), name, description == null ? "" : description, isPrivate, branch, now, now);
      return byId(sql, id).orElseThrow();
    });
    try {
      if (git.exists(repo.owner(), repo.name())) {
        git.delete(repo.owner(), repo.name()); // a leftover of a failed delete must not leak old history
      }
      git.create(repo.owner(), repo.name(), branch);
      if (autoInit) {
        String readme = "# " + repo.name() + "\n" + (repo.description().isEmpty() ? "" : "\n" + repo.description() + "\n");
        git.initialCommit(repo.owner(), repo.name(), branch, readme,
            new PersonIdent(actor.fullName().isEmpty() ? actor.login() : actor.fullName(),
                actor.email().isEmpty() ? actor.login() + "@noreply.localhost" : actor.email()));
      }
    } catch (RuntimeException e) {
      db.tx(sql -> sql.update("DELETE FROM repositories WHERE id = ?", repo.id()));
      git.delete(repo.owner(), repo.name());
      throw e;
    }
    access.invalidate();
    events.fire(l -> l.onRepository(new RepositoryEvent(RepositoryEvent.Action.CREATED, actor.toRef(), repo.toRef())));
    return repo;
  }

  /** Deletes the repository, its issues and its bare git repository. */
  public void delete(User actor, Repository repo) {
    db.tx(sql -> sql.update("DELETE FROM repositories WHERE id = ?", repo.id()));
    access.invalidate();
    git.delete(repo.owner(), repo.name());
    events.fire(l -> l.onRepository(new RepositoryEvent(
        RepositoryEvent.Action.DELETED, actor == null ? null : actor.toRef(), repo.toRef())));
  }

  /** Updates description, visibility or default branch (null keeps a value). */
  public Repository update(Repository repo, String description, Boolean isPrivate, String defaultBranch) {
    if (defaultBranch != null && !org.eclipse.jgit.lib.Repository.isValidRefName("refs/heads/" + defaultBranch)) {
      throw new ValidationException("DefaultBranch", "GitRefName");
    }
    db.tx(sql -> sql.update(
        "UPDATE repositories SET description = COALESCE(?, description), is_private = COALESCE(?, is_private), "
            + "default_branch = COALESCE(?, default_branch), updated = ? WHERE id = ?",
        description, isPrivate == null ? null : (isPrivate ? 1 : 0), defaultBranch, Rows.now(), repo.id()));
    access.invalidate();
    return byId(repo.id()).orElseThrow();
  }

  /** The repository {@code owner/name} (case-insensitive), if it exists. */
  public Optional<Repository> find(String owner, String name) {
    if (owner == null || name == null) {
      return Optional.empty();
    }
    return db.read(sql -> sql.one(
        "SELECT " + REPO_COLUMNS + REPO_FROM + "WHERE o.name = ? AND r.name = ?", RepoService::repo, owner, name));
  }

  /** The repository, or 404. */
  public Repository get(String owner, String name) {
    return find(owner, name).orElseThrow(() -> new NotFoundException(
        "repository does not exist [owner: " + owner + ", name: " + name + "]"));
  }

  /** The repository with this id, if any. */
  public Optional<Repository> byId(long id) {
    return db.read(sql -> byId(sql, id));
  }

  /** Every repository of {@code owner}, by name (visibility not filtered). */
  public List<Repository> listByOwner(String owner) {
    return db.read(sql -> sql.list(
        "SELECT " + REPO_COLUMNS + REPO_FROM + "WHERE o.name = ? ORDER BY r.name", RepoService::repo, owner));
  }

  /** Every repository {@code login} (null: anonymous) may read, by full name. */
  public List<Repository> listVisibleTo(String login) {
    List<Repository> all = db.read(sql -> sql.list(
        "SELECT " + REPO_COLUMNS + REPO_FROM + "ORDER BY o.name, r.name", RepoService::repo));
    return all.stream().filter(r -> permission(login, r).atLeast(Permission.READ)).toList();
  }

  /** The access {@code login} (null: anonymous) has to {@code repo}. */
  public Permission permission(String login, Repository repo) {
    return access.permission(login, repo.owner(), repo.name());
  }

  /** Adds a collaborator or changes their permission (READ, WRITE or ADMIN). */
  public void addCollaborator(User actor, Repository repo, User user, Permission permission) {
    if (permission == null || permission == Permission.NONE || permission == Permission.OWNER) {
      throw new ValidationException("Permission", "In");
    }
    db.tx(sql -> sql.update(
        "INSERT INTO collaborators (repo_id, user_id, permission) VALUES (?, ?, ?) "
            + "ON CONFLICT (repo_id, user_id) DO UPDATE SET permission = excluded.permission",
        repo.id(), user.id(), permission.name().toLowerCase(Locale.ROOT)));
    access.invalidate();
    events.fire(l -> l.onCollaborator(new CollaboratorEvent(CollaboratorEvent.Action.ADDED,
        actor == null ? null : actor.toRef(), repo.toRef(), user.toRef(), permission)));
  }

  /** Removes a collaborator; 404 if they were not one. */
  public void removeCollaborator(User actor, Repository repo, User user) {
    int removed = db.tx(sql -> sql.update(
        "DELETE FROM collaborators WHERE repo_id = ? AND user_id = ?", repo.id(), user.id()));
    if (removed == 0) {
      throw new NotFoundException("user is not a collaborator of " + repo.fullName());
    }
    access.invalidate();
    events.fire(l -> l.onCollaborator(new CollaboratorEvent(CollaboratorEvent.Action.REMOVED,
        actor == null ? null : actor.toRef(), repo.toRef(), user.toRef(), Permission.NONE)));
  }

  /** Collaborators of {@code repo}, by login. */
  public List<Collaborator> collaborators(Repository repo) {
    return db.read(sql -> sql.list(
        "SELECT " + Rows.USER_COLUMNS + ", c.permission FROM collaborators c JOIN accounts a ON a.id = c.user_id "
            + "WHERE c.repo_id = ? ORDER BY a.name",
        rs -> new Collaborator(Rows.USER.map(rs), HostAccessControl.parse(rs.getString(7))), repo.id()));
  }

  /** The collaborator entry of {@code user}, if they are one. */
  public Optional<Collaborator> collaborator(Repository repo, User user) {
    return collaborators(repo).stream().filter(c -> c.user().id() == user.id()).findFirst();
  }

  /** Branches with their head commits (empty for an empty repository). */
  public List<Branch> branches(Repository repo) {
    return git.branches(repo.owner(), repo.name());
  }

  /** One branch, if it exists. */
  public Optional<Branch> branch(Repository repo, String name) {
    return git.branch(repo.owner(), repo.name(), name);
  }

  /** Whether the repository has no branches yet. */
  public boolean isEmpty(Repository repo) {
    return git.isEmpty(repo.owner(), repo.name());
  }

  /** Commits reachable from {@code revision}, newest first, one page. */
  public List<CommitInfo> commits(Repository repo, String revision, int skip, int limit) {
    return git.commits(repo.owner(), repo.name(), revision, skip, limit);
  }

  /** Tag names. */
  public List<String> tags(Repository repo) {
    return git.tags(repo.owner(), repo.name());
  }

  /** Marks the repository as updated now (after pushes). */
  public void touch(Repository repo) {
    db.tx(sql -> sql.update("UPDATE repositories SET updated = ? WHERE id = ?", Rows.now(), repo.id()));
  }

  static Optional<Repository> byId(dev.samplehost.server.db.Sql sql, long id) throws SQLException {
    return sql.one("SELECT " + REPO_COLUMNS + REPO_FROM + "WHERE r.id = ?", RepoService::repo, id);
  }

  static Repository repo(ResultSet rs) throws SQLException {
    return new Repository(rs.getLong(1), rs.getLong(2), rs.getString(3), "org".equals(rs.getString(4)),
        rs.getString(5), rs.getString(6), rs.getInt(7) != 0, rs.getString(8),
        Instant.ofEpochMilli(rs.getLong(9)), Instant.ofEpochMilli(rs.getLong(10)));
  }
}
