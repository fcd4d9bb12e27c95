package dev.samplehost.server.service;

import dev.samplehost.api.events.CommentEvent;
import dev.samplehost.api.events.IssueSnapshot;
import dev.samplehost.server.db.Database;
import dev.samplehost.server.domain.Comment;
import dev.samplehost.server.domain.Issue;
import dev.samplehost.server.domain.Repository;
import dev.samplehost.server.domain.User;
import dev.samplehost.server.events.HostEventBus;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;

/** Comments on issues and pull requests, with their events. Authorisation is the caller's job. */
@Singleton
public class CommentService {
  private final Database db;
  private final IssueService issues;
  private final HostEventBus events;
  private final Snapshots snapshots;

  @Inject
  CommentService(Database db, IssueService issues, HostEventBus events, Snapshots snapshots) {
    this.db = db;
    this.issues = issues;
    this.events = events;
    this.snapshots = snapshots;
  }

  /** Adds a comment to issue or pull request {@code number}. */
  public Comment comment(User actor, Repository repo, long number, String body) {
    if (body == null || body.isBlank()) {
      throw new ValidationException("Body", "Required");
    }
    TextLimits.checkBody(body);
    Issue issue = issues.get(repo, number);
    Comment comment = db.tx(sql -> {
      long now = Rows.now();
      long id = sql.insert("INSERT INTO comments (issue_id, poster_id, body, created, updated) VALUES (?, ?, ?, ?, ?)",
          issue.id(), actor.id(), body, now, now);
      sql.update("UPDATE issues SET updated = ? WHERE id = ?", now, issue.id());
      return Loader.comment(sql, id).orElseThrow();
    });
    Issue fresh = issues.get(repo, number);
    IssueSnapshot subject = issues.subject(repo, fresh);
    String url = snapshots.commentUrl(repo, fresh, comment.id());
    events.fire(l -> l.onComment(new CommentEvent(actor.toRef(), repo.toRef(), subject, comment.id(), body, url)));
    return comment;
  }

  /** Comments of issue or pull request {@code number}, oldest first. */
  public List<Comment> comments(Repository repo, long number) {
    Issue issue = issues.get(repo, number);
    return db.read(sql -> Loader.comments(sql, issue.id()));
  }

  /** Comment {@code id} if it belongs to {@code repo}. */
  public Optional<Comment> findComment(Repository repo, long id) {
    return db.read(sql -> Loader.comment(sql, id)).filter(c -> c.repoId() == repo.id());
  }
}
