package dev.samplehost.server.service;

import dev.samplehost.api.Permission;
import dev.samplehost.api.events.PullRequestSnapshot;
import dev.samplehost.api.events.ReviewEvent;
import dev.samplehost.api.events.ReviewRequestedEvent;
import dev.samplehost.server.auth.HostAccessControl;
import dev.samplehost.server.db.Database;
import dev.samplehost.server.domain.PullRequest;
import dev.samplehost.server.domain.Repository;
import dev.samplehost.server.domain.Review;
import dev.samplehost.server.domain.ReviewRequest;
import dev.samplehost.server.domain.ReviewState;
import dev.samplehost.server.domain.User;
import dev.samplehost.server.events.HostEventBus;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/** Reviews of pull requests and review requests, with their events. Authorisation is the caller's job. */
@Singleton
public class PullReviews {
  private final Database db;
  private final PullLookup pulls;
  private final HostEventBus events;
  private final Snapshots snapshots;
  private final HostAccessControl access;

  @Inject
  PullReviews(Database db, PullLookup pulls, HostEventBus events, Snapshots snapshots, HostAccessControl access) {
    this.db = db;
    this.pulls = pulls;
    this.events = events;
    this.snapshots = snapshots;
    this.access = access;
  }

  /**
   * Submits a review. APPROVED and REQUEST_CHANGES are refused for the author (422);
   * REQUEST_CHANGES and COMMENT need a body (422); PENDING is stored without an event.
   */
  public Review submitReview(User actor, Repository repo, long number, ReviewState state, String body, String commitId) {
    TextLimits.checkBody(body);
    PullRequest pr = pulls.get(repo, number);
    ReviewState s = state == null ? ReviewState.PENDING : state;
    String text = body == null ? "" : body;
    boolean author = pr.issue().author().id() == actor.id();
    if (s == ReviewState.APPROVED && author) {
      throw new ValidationException("approve your own pull is not allowed");
    }
    if (s == ReviewState.REQUEST_CHANGES && author) {
      throw new ValidationException("reject your own pull is not allowed");
    }
    if (s == ReviewState.REQUEST_CHANGES && text.isBlank()) {
      throw new ValidationException("review event REQUEST_CHANGES requires a body");
    }
    if (s == ReviewState.COMMENT && text.isBlank()) {
      throw new ValidationException("review event COMMENT requires a body");
    }
    String commit = commitId == null || commitId.isBlank() ? pr.headSha() : commitId;
    Review review = db.tx(sql -> {
      long now = Rows.now();
      long id = sql.insert(
          "INSERT INTO reviews (issue_id, reviewer_id, state, body, commit_id, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?)",
          pr.issue().id(), actor.id(), s.name(), text, commit, now, now);
      if (s != ReviewState.PENDING) {
        sql.update("DELETE FROM review_requests WHERE issue_id = ? AND user_id = ?", pr.issue().id(), actor.id());
        sql.update("UPDATE issues SET updated = ? WHERE id = ?", now, pr.issue().id());
      }
      return Loader.review(sql, id).orElseThrow();
    });
    if (s != ReviewState.PENDING) {
      PullRequestSnapshot snap = snapshots.pull(repo, pulls.get(repo, number));
      ReviewEvent.State verdict = switch (s) {
        case APPROVED -> ReviewEvent.State.APPROVED;
        case REQUEST_CHANGES -> ReviewEvent.State.CHANGES_REQUESTED;
        default -> ReviewEvent.State.COMMENTED;
      };
      String url = snapshots.issueUrl(repo, pr.issue()) + "#pullrequestreview-" + review.id();
      events.fire(l -> l.onReview(new ReviewEvent(actor.toRef(), repo.toRef(), snap, verdict, review.id(), text, url)));
    }
    return review;
  }

  /** Reviews of the pull request, oldest first. */
  public List<Review> reviews(Repository repo, long number) {
    PullRequest pr = pulls.get(repo, number);
    return db.read(sql -> Loader.reviews(sql, pr.issue().id()));
  }

  /** Review {@code id} of pull request {@code number}, or 404. */
  public Review review(Repository repo, long number, long id) {
    PullRequest pr = pulls.get(repo, number);
    return db.read(sql -> Loader.review(sql, id)).filter(r -> r.issueId() == pr.issue().id())
        .orElseThrow(() -> new NotFoundException("review does not exist [id: " + id + "]"));
  }

  /**
   * Asks users (logins or e-mails) to review; 404 for an unknown user ({@code User 'x' not exist}),
   * 422 for the author or a user without read access. Returns the requests now pending for them.
   */
  public List<ReviewRequest> requestReviewers(User actor, Repository repo, long number, List<String> logins) {
    PullRequest pr = pulls.get(repo, number);
    List<User> users = new ArrayList<>();
    for (String login : new LinkedHashSet<>(logins == null ? List.<String>of() : logins)) {
      User u = findUser(login).orElseThrow(() -> new NotFoundException("User '" + login + "' not exist"));
      if (u.id() == pr.issue().author().id()) {
        throw new ValidationException("reviewer is the author of the pull request [user: " + u.login() + "]");
      }
      if (!access.permission(u.login(), repo.owner(), repo.name()).atLeast(Permission.READ)) {
        throw new ValidationException("reviewer cannot read " + repo.fullName() + " [user: " + u.login() + "]");
      }
      users.add(u);
    }
    List<User> added = db.tx(sql -> {
      List<User> fresh = new ArrayList<>();
      long now = Rows.now();
      for (User u : users) {
        if (sql.update("INSERT OR IGNORE INTO review_requests (issue_id, user_id, created) VALUES (?, ?, ?)",
            pr.issue().id(), u.id(), now) > 0) {
          fresh.add(u);
        }
      }
      if (!fresh.isEmpty()) {
        sql.update("UPDATE issues SET updated = ? WHERE id = ?", now, pr.issue().id());
      }
      return fresh;
    });
    if (!added.isEmpty()) {
      PullRequestSnapshot snap = snapshots.pull(repo, pulls.get(repo, number));
      for (User u : added) {
        events.fire(l -> l.onReviewRequested(new ReviewRequestedEvent(actor.toRef(), repo.toRef(), snap, u.toRef())));
      }
    }
    List<ReviewRequest> all = requestedReviewers(repo, number);
    return all.stream().filter(rr -> users.stream().anyMatch(u -> u.id() == rr.reviewer().id())).toList();
  }

  /** Withdraws review requests (unknown logins give 404). */
  public void removeReviewRequests(User actor, Repository repo, long number, List<String> logins) {
    PullRequest pr = pulls.get(repo, number);
    List<User> users = new ArrayList<>();
    for (String login : logins == null ? List.<String>of() : logins) {
      users.add(findUser(login).orElseThrow(() -> new NotFoundException("User '" + login + "' not exist")));
    }
    db.tx(sql -> {
      for (User u : users) {
        sql.update("DELETE FROM review_requests WHERE issue_id = ? AND user_id = ?", pr.issue().id(), u.id());
      }
      return null;
    });
  }

  /** Pending review requests of the pull request. */
  public List<ReviewRequest> requestedReviewers(Repository repo, long number) {
    PullRequest pr = pulls.get(repo, number);
    return db.read(sql -> Loader.requests(sql, pr.issue().id()));
  }

  private Optional<User> findUser(String loginOrEmail) {
    if (loginOrEmail == null) {
      return Optional.empty();
    }
    return db.read(sql -> {
      Optional<User> u = sql.one("SELECT " + Rows.USER_COLUMNS + " FROM accounts a WHERE a.name = ? AND a.kind = 'user'",
          Rows.USER, loginOrEmail);
      return u.isPresent() ? u : sql.one(
          "SELECT " + Rows.USER_COLUMNS + " FROM accounts a WHERE a.email = ? COLLATE NOCASE AND a.kind = 'user'",
          Rows.USER, loginOrEmail);
    });
  }
}
