package dev.samplehost.server.service;

import dev.samplehost.api.Permission;
import dev.samplehost.api.events.IssueEvent;
import dev.samplehost.api.events.IssueSnapshot;
import dev.samplehost.api.events.PullRequestEvent;
import dev.samplehost.server.auth.HostAccessControl;
import dev.samplehost.server.db.Database;
import dev.samplehost.server.db.Sql;
import dev.samplehost.server.domain.Issue;
import dev.samplehost.server.domain.PullRequest;
import dev.samplehost.server.domain.Repository;
import dev.samplehost.server.domain.User;
import dev.samplehost.server.events.HostEventBus;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The life of issues and of the issue side of pull requests (title, body, state, assignees), numbered
 * per repository together with pull requests. Listing is {@link IssueSearch}'s, comments are
 * {@link CommentService}'s. Authorisation is the caller's job.
 */
@Singleton
public class IssueService {
  private final Database db;
  private final HostEventBus events;
  private final Snapshots snapshots;
  private final HostAccessControl access;

  @Inject
  IssueService(Database db, HostEventBus events, Snapshots snapshots, HostAccessControl access) {
    this.db = db;
    this.events = events;
    this.snapshots = snapshots;
    this.access = access;
  }

  /** Opens an issue; assignees are logins that must exist and be able to read the repository (422). */
  public Issue create(User actor, Repository repo, String title, String body, List<String> assignees) {
    if (title == null || title.isBlank()) {
      throw new ValidationException("Title", "Required");
    }
    TextLimits.checkTitle(title.trim());
    TextLimits.checkBody(body);
    List<User> assigned = resolveAssignees(repo, assignees);
    Issue issue = db.tx(sql -> {
      long id = insertIssue(sql, repo, actor, title.trim(), body, false);
      for (User u : assigned) {
        sql.update("INSERT OR IGNORE INTO assignees (issue_id, user_id) VALUES (?, ?)", id, u.id());
      }
      return Loader.issueById(sql, id).orElseThrow();
    });
    IssueSnapshot snap = snapshots.issue(repo, issue);
    events.fire(l -> l.onIssue(new IssueEvent(IssueEvent.Action.OPENED, actor.toRef(), repo.toRef(), snap, List.of())));
    if (!assigned.isEmpty()) {
      events.fire(l -> l.onIssue(new IssueEvent(IssueEvent.Action.ASSIGNED, actor.toRef(), repo.toRef(), snap,
          assigned.stream().map(User::toRef).toList())));
    }
    return issue;
  }

  /** Issue or pull request {@code number} (as an issue), if any. */
  public Optional<Issue> find(Repository repo, long number) {
    return db.read(sql -> Loader.issue(sql, repo.id(), number));
  }

  /** Issue or pull request {@code number}, or 404. */
  public Issue get(Repository repo, long number) {
    return find(repo, number).orElseThrow(() -> new NotFoundException(
        "issue does not exist [repo: " + repo.fullName() + ", index: " + number + "]"));
  }

  /** The issue with this global id, if any. */
  public Optional<Issue> byId(long id) {
    return db.read(sql -> Loader.issueById(sql, id));
  }

  /** Applies {@code changes} (title, body, state, assignees) and fires the matching events. */
  public Issue edit(User actor, Repository repo, long number, IssueChanges changes) {
    TextLimits.checkTitle(changes.title() == null ? null : changes.title().trim());
    TextLimits.checkBody(changes.body());
    Issue before = get(repo, number);
    List<User> assigned = changes.assignees() == null ? null : resolveAssignees(repo, changes.assignees());
    String newState = normaliseState(changes.state());
    if (before.pullRequest() && newState != null && !newState.equals(before.state())) {
      boolean merged = db.read(sql -> sql.number("SELECT merged FROM pulls WHERE issue_id = ?", before.id()) != 0);
      if (merged) {
        throw new PreconditionFailedException("cannot change the state of a merged pull request");
      }
    }
    String title = changes.title() == null || changes.title().isBlank() ? null : changes.title().trim();
    Issue after = db.tx(sql -> {
      long now = Rows.now();
      if (title != null || changes.body() != null) {
        sql.update("UPDATE issues SET title = COALESCE(?, title), body = COALESCE(?, body), updated = ? WHERE id = ?",
            title, changes.body(), now, before.id());
      }
      if (newState != null && !newState.equals(before.state())) {
        if (before.pullRequest() && "open".equals(newState)) {
          ensureNoOtherOpenPull(sql, repo, before.id());
        }
        sql.update("UPDATE issues SET state = ?, closed_at = ?, updated = ? WHERE id = ?",
            newState, "closed".equals(newState) ? now : null, now, before.id());
      }
      if (assigned != null) {
        sql.update("DELETE FROM assignees WHERE issue_id = ?", before.id());
        for (User u : assigned) {
          sql.update("INSERT OR IGNORE INTO assignees (issue_id, user_id) VALUES (?, ?)", before.id(), u.id());
        }
        sql.update("UPDATE issues SET updated = ? WHERE id = ?", now, before.id());
      }
      return Loader.issueById(sql, before.id()).orElseThrow();
    });
    fireEdits(actor, repo, before, after, title != null || changes.body() != null, assigned);
    return after;
  }

  /** Closes the issue or pull request (no-op if closed). */
  public Issue close(User actor, Repository repo, long number) {
    return edit(actor, repo, number, IssueChanges.state("closed"));
  }

  /** Adds assignees (keeping the current ones). */
  public Issue assign(User actor, Repository repo, long number, List<String> logins) {
    Issue current = get(repo, number);
    Set<String> all = new LinkedHashSet<>();
    current.assignees().forEach(u -> all.add(u.login()));
    all.addAll(logins);
    return edit(actor, repo, number, new IssueChanges(null, null, null, new ArrayList<>(all), null));
  }

  /** The event subject of an issue or pull request (pull requests carry {@code merged}). */
  IssueSnapshot subject(Repository repo, Issue issue) {
    if (!issue.pullRequest()) {
      return snapshots.issue(repo, issue);
    }
    PullRequest pr = db.read(sql -> Loader.pull(sql, issue)).orElseThrow();
    return snapshots.issue(repo, pr);
  }

  private void fireEdits(User actor, Repository repo, Issue before, Issue after, boolean textChanged,
      List<User> assigned) {
    if (after.pullRequest()) {
      PullRequest pr = db.read(sql -> Loader.pull(sql, after)).orElseThrow();
      if (textChanged) {
        var edited = snapshots.pull(repo, pr);
        events.fire(l -> l.onPullRequest(new PullRequestEvent(PullRequestEvent.Action.EDITED, actor.toRef(), repo.toRef(), edited, null)));
      }
      if (!before.state().equals(after.state())) {
        PullRequestEvent.Action action = after.isOpen() ? PullRequestEvent.Action.REOPENED : PullRequestEvent.Action.CLOSED;
        var snap = snapshots.pull(repo, pr);
        events.fire(l -> l.onPullRequest(new PullRequestEvent(action, actor.toRef(), repo.toRef(), snap, null)));
      }
    } else {
      IssueSnapshot snap = snapshots.issue(repo, after);
      if (textChanged) {
        events.fire(l -> l.onIssue(new IssueEvent(IssueEvent.Action.EDITED, actor.toRef(), repo.toRef(), snap, List.of())));
      }
      if (!before.state().equals(after.state())) {
        IssueEvent.Action action = after.isOpen() ? IssueEvent.Action.REOPENED : IssueEvent.Action.CLOSED;
        events.fire(l -> l.onIssue(new IssueEvent(action, actor.toRef(), repo.toRef(), snap, List.of())));
      }
    }
    if (assigned != null) {
      Set<Long> old = new java.util.HashSet<>();
      before.assignees().forEach(u -> old.add(u.id()));
      List<User> added = assigned.stream().filter(u -> !old.contains(u.id())).toList();
      if (!added.isEmpty()) {
        // Fired for pull requests too (subject.pullRequest() tells), so that assignment notifications work for both.
        IssueSnapshot snap = subject(repo, after);
        events.fire(l -> l.onIssue(new IssueEvent(IssueEvent.Action.ASSIGNED, actor.toRef(), repo.toRef(), snap,
            added.stream().map(User::toRef).toList())));
      }
    }
  }

  private List<User> resolveAssignees(Repository repo, List<String> logins) {
    if (logins == null) {
      return List.of();
    }
    List<User> out = new ArrayList<>();
    for (String login : new LinkedHashSet<>(logins)) {
      if (login == null || login.isBlank()) {
        continue;
      }
      User u = db.read(sql -> sql.one(
          "SELECT " + Rows.USER_COLUMNS + " FROM accounts a WHERE a.name = ? AND a.kind = 'user'", Rows.USER, login))
          .orElseThrow(() -> new ValidationException("user does not exist [name: " + login + "]"));
      if (!access.permission(u.login(), repo.owner(), repo.name()).atLeast(Permission.READ)) {
        throw new ValidationException("user " + login + " cannot be assigned: no access to " + repo.fullName());
      }
      out.add(u);
    }
    return out;
  }

  private static String normaliseState(String state) {
    if (state == null || state.isBlank()) {
      return null;
    }
    // Gitea: "closed" closes, any other value reopens.
    return "closed".equalsIgnoreCase(state.trim()) ? "closed" : "open";
  }

  /** Inserts the issue row with the repository's next number (shared by issues and pull requests). */
  static long insertIssue(Sql sql, Repository repo, User actor, String title, String body, boolean pull)
      throws SQLException {
    long number = sql.number("SELECT next_number FROM repositories WHERE id = ?", repo.id());
    sql.update("UPDATE repositories SET next_number = next_number + 1 WHERE id = ?", repo.id());
    long now = Rows.now();
    return sql.insert(
        "INSERT INTO issues (repo_id, number, poster_id, title, body, state, is_pull, created, updated) "
            + "VALUES (?, ?, ?, ?, ?, 'open', ?, ?, ?)",
        repo.id(), number, actor.id(), title, body == null ? "" : body, pull, now, now);
  }

  /** 409 when another open pull request has the same head and base as pull request {@code issueId}. */
  static void ensureNoOtherOpenPull(Sql sql, Repository repo, long issueId) throws SQLException {
    Optional<String[]> branches = sql.one("SELECT head_branch, base_branch FROM pulls WHERE issue_id = ?",
        rs -> new String[] {rs.getString(1), rs.getString(2)}, issueId);
    if (branches.isPresent() && sql.number(
        "SELECT COUNT(*) FROM pulls p JOIN issues i ON i.id = p.issue_id WHERE i.repo_id = ? AND i.state = 'open' "
            + "AND p.head_branch = ? AND p.base_branch = ? AND i.id <> ?",
        repo.id(), branches.get()[0], branches.get()[1], issueId) > 0) {
      throw new ConflictException("pull request already exists for these targets [head_branch: "
          + branches.get()[0] + ", base_branch: " + branches.get()[1] + "]");
    }
  }
}
