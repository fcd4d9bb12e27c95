package dev.samplehost.server.service;

import dev.samplehost.api.Permission;
import dev.samplehost.api.events.CommentEvent;
import dev.samplehost.api.events.IssueEvent;
import dev.samplehost.api.events.IssueSnapshot;
import dev.samplehost.api.events.PullRequestEvent;
import dev.samplehost.server.auth.HostAccessControl;
import dev.samplehost.server.db.Database;
import dev.samplehost.server.db.Sql;
import dev.samplehost.server.domain.Comment;
import dev.samplehost.server.domain.Issue;
import dev.samplehost.server.domain.IssueFilter;
import dev.samplehost.server.domain.Page;
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
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Issues (and the issue side of pull requests: title, body, state, assignees, comments), numbered
 * per repository together with pull requests. Authorisation is the caller's job.
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

  /** Reopens the issue or pull request (no-op if open). */
  public Issue reopen(User actor, Repository repo, long number) {
    return edit(actor, repo, number, IssueChanges.state("open"));
  }

  /** Adds assignees (keeping the current ones). */
  public Issue assign(User actor, Repository repo, long number, List<String> logins) {
    Issue current = get(repo, number);
    Set<String> all = new LinkedHashSet<>();
    current.assignees().forEach(u -> all.add(u.login()));
    all.addAll(logins);
    return edit(actor, repo, number, new IssueChanges(null, null, null, new ArrayList<>(all), null));
  }

  /** One page of issues and/or pull requests matching {@code filter}; unknown filter users give 404. */
  public Page<Issue> list(Repository repo, IssueFilter filter) {
    StringBuilder where = new StringBuilder("WHERE i.repo_id = ?");
    List<Object> params = new ArrayList<>();
    params.add(repo.id());
    String state = filter.state() == null ? "open" : filter.state().toLowerCase(Locale.ROOT);
    if (!"all".equals(state)) {
      where.append(" AND i.state = ?");
      params.add("closed".equals(state) ? "closed" : "open");
    }
    if (filter.pulls() != null) {
      where.append(" AND i.is_pull = ?");
      params.add(filter.pulls() ? 1 : 0);
    }
    if (filter.createdBy() != null) {
      where.append(" AND i.poster_id = ?");
      params.add(userId(filter.createdBy()));
    }
    if (filter.assignedTo() != null) {
      where.append(" AND EXISTS (SELECT 1 FROM assignees x WHERE x.issue_id = i.id AND x.user_id = ?)");
      params.add(userId(filter.assignedTo()));
    }
    if (filter.mentioned() != null) {
      userId(filter.mentioned());
      String pattern = "%@" + filter.mentioned() + "%";
      where.append(" AND (i.body LIKE ? OR EXISTS (SELECT 1 FROM comments c WHERE c.issue_id = i.id AND c.body LIKE ?))");
      params.add(pattern);
      params.add(pattern);
    }
    if (filter.keyword() != null && !filter.keyword().isBlank()) {
      where.append(" AND (i.title LIKE ? OR i.body LIKE ?)");
      String pattern = "%" + filter.keyword().trim() + "%";
      params.add(pattern);
      params.add(pattern);
    }
    if (filter.since() != null) {
      where.append(" AND i.updated >= ?");
      params.add(filter.since().toEpochMilli());
    }
    if (filter.before() != null) {
      where.append(" AND i.updated <= ?");
      params.add(filter.before().toEpochMilli());
    }
    String order = switch (filter.sort() == null ? "" : filter.sort()) {
      case "oldest" -> "i.created ASC, i.id ASC";
      case "recentupdate" -> "i.updated DESC, i.id DESC";
      case "leastupdate" -> "i.updated ASC, i.id ASC";
      case "mostcomment" -> "n_comments DESC, i.id DESC";
      case "leastcomment" -> "n_comments ASC, i.id DESC";
      default -> "i.created DESC, i.id DESC";
    };
    int limit = filter.limit() <= 0 ? 30 : Math.min(filter.limit(), 50);
    int page = Math.max(filter.page(), 1);
    return db.read(sql -> {
      long total = sql.number("SELECT COUNT(*) FROM issues i " + where, params.toArray());
      List<Object> pageParams = new ArrayList<>(params);
      pageParams.add(limit);
      pageParams.add((long) (page - 1) * limit);
      List<Issue> items = sql.list("SELECT " + Loader.ISSUE_COLUMNS + Loader.ISSUE_FROM + where
          + " ORDER BY " + order + " LIMIT ? OFFSET ?", Loader::issueRow, pageParams.toArray());
      return new Page<>(Loader.withAssignees(sql, items), total);
    });
  }

  /** Adds a comment to issue or pull request {@code number}. */
  public Comment comment(User actor, Repository repo, long number, String body) {
    if (body == null || body.isBlank()) {
      throw new ValidationException("Body", "Required");
    }
    TextLimits.checkBody(body);
    Issue issue = get(repo, number);
    Comment comment = db.tx(sql -> {
      long now = Rows.now();
      long id = sql.insert("INSERT INTO comments (issue_id, poster_id, body, created, updated) VALUES (?, ?, ?, ?, ?)",
          issue.id(), actor.id(), body, now, now);
      sql.update("UPDATE issues SET updated = ? WHERE id = ?", now, issue.id());
      return Loader.comment(sql, id).orElseThrow();
    });
    Issue fresh = get(repo, number);
    IssueSnapshot subject = subject(repo, fresh);
    String url = snapshots.commentUrl(repo, fresh, comment.id());
    events.fire(l -> l.onComment(new CommentEvent(actor.toRef(), repo.toRef(), subject, comment.id(), body, url)));
    return comment;
  }

  /** Comments of issue or pull request {@code number}, oldest first. */
  public List<Comment> comments(Repository repo, long number) {
    Issue issue = get(repo, number);
    return db.read(sql -> Loader.comments(sql, issue.id()));
  }

  /** Comment {@code id} if it belongs to {@code repo}. */
  public Optional<Comment> findComment(Repository repo, long id) {
    return db.read(sql -> Loader.comment(sql, id)).filter(c -> c.repoId() == repo.id());
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

  private long userId(String login) {
    return db.read(sql -> sql.one("SELECT id FROM accounts WHERE name = ? AND kind = 'user'", rs -> rs.getLong(1), login))
        .orElseThrow(() -> new NotFoundException("user does not exist [name: " + login + "]"));
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
