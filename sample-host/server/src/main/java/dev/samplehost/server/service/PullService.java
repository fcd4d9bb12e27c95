package dev.samplehost.server.service;

import dev.samplehost.api.Permission;
import dev.samplehost.api.events.PullRequestEvent;
import dev.samplehost.api.events.PullRequestSnapshot;
import dev.samplehost.api.events.ReviewEvent;
import dev.samplehost.api.events.ReviewRequestedEvent;
import dev.samplehost.server.auth.HostAccessControl;
import dev.samplehost.server.db.Database;
import dev.samplehost.server.domain.Issue;
import dev.samplehost.server.domain.IssueFilter;
import dev.samplehost.server.domain.MergeStyle;
import dev.samplehost.server.domain.Page;
import dev.samplehost.server.domain.PullRequest;
import dev.samplehost.server.domain.Repository;
import dev.samplehost.server.domain.Review;
import dev.samplehost.server.domain.ReviewRequest;
import dev.samplehost.server.domain.ReviewState;
import dev.samplehost.server.domain.User;
import dev.samplehost.server.events.HostEventBus;
import dev.samplehost.server.git.GitStore;
import dev.samplehost.server.git.ServerSidePushes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.merge.ResolveMerger;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Pull requests between branches of one repository: create, edit, merge (JGit in-core merge on the
 * bare repository), reviews and review requests. Authorisation is the caller's job.
 */
@Singleton
public class PullService {
  private final Database db;
  private final GitStore git;
  private final HostEventBus events;
  private final Snapshots snapshots;
  private final IssueService issues;
  private final HostAccessControl access;
  private final ServerSidePushes pushes;
  private final ConcurrentHashMap<Long, Object> repoLocks = new ConcurrentHashMap<>();

  @Inject
  PullService(Database db, GitStore git, HostEventBus events, Snapshots snapshots, IssueService issues,
      HostAccessControl access, ServerSidePushes pushes) {
    this.pushes = pushes;
    this.db = db;
    this.git = git;
    this.events = events;
    this.snapshots = snapshots;
    this.issues = issues;
    this.access = access;
  }

  /**
   * Opens a pull request from {@code head} (a branch, or {@code owner:branch} with this repository's
   * owner) into {@code base}. 422 for missing fields or head == base, 404 for a missing branch, 409
   * when an open pull request already exists for the same head and base.
   */
  public PullRequest create(User actor, Repository repo, String head, String base, String title, String body,
      List<String> assignees, List<String> reviewers) {
    if (head == null || head.isBlank()) {
      throw new ValidationException("Head", "Required");
    }
    if (base == null || base.isBlank()) {
      throw new ValidationException("Base", "Required");
    }
    if (title == null || title.isBlank()) {
      throw new ValidationException("Title", "Required");
    }
    TextLimits.checkTitle(title.trim());
    TextLimits.checkBody(body);
    String headBranch = stripOwner(repo, head.trim());
    String baseBranch = stripOwner(repo, base.trim());
    var headRef = git.branch(repo.owner(), repo.name(), headBranch)
        .orElseThrow(() -> new NotFoundException("head branch does not exist [branch: " + headBranch + "]"));
    git.branch(repo.owner(), repo.name(), baseBranch)
        .orElseThrow(() -> new NotFoundException("base branch does not exist [branch: " + baseBranch + "]"));
    if (headBranch.equals(baseBranch)) {
      throw new ValidationException("Invalid PullRequest: There are no changes between the head and the base");
    }
    long issueId = db.tx(sql -> {
      long existing = sql.number(
          "SELECT i.id FROM pulls p JOIN issues i ON i.id = p.issue_id WHERE i.repo_id = ? AND i.state = 'open' "
              + "AND p.head_branch = ? AND p.base_branch = ?",
          repo.id(), headBranch, baseBranch);
      if (existing != 0) {
        long number = sql.number("SELECT number FROM issues WHERE id = ?", existing);
        throw new ConflictException("pull request already exists for these targets [id: " + existing
            + ", issue_id: " + number + ", head_repo_id: " + repo.id() + ", base_repo_id: " + repo.id()
            + ", head_branch: " + headBranch + ", base_branch: " + baseBranch + "]");
      }
      long id = IssueService.insertIssue(sql, repo, actor, title.trim(), body, true);
      sql.update("INSERT INTO pulls (issue_id, head_branch, base_branch, head_sha) VALUES (?, ?, ?, ?)",
          id, headBranch, baseBranch, headRef.commit().sha());
      return id;
    });
    long number = issues.byId(issueId).orElseThrow().number();
    PullRequest created = get(repo, number);
    PullRequestSnapshot snap = snapshots.pull(repo, created);
    events.fire(l -> l.onPullRequest(new PullRequestEvent(
        PullRequestEvent.Action.OPENED, actor.toRef(), repo.toRef(), snap, null)));
    if (assignees != null && !assignees.isEmpty()) {
      issues.assign(actor, repo, number, assignees);
    }
    if (reviewers != null && !reviewers.isEmpty()) {
      requestReviewers(actor, repo, number, reviewers);
    }
    return get(repo, number);
  }

  /** Pull request {@code number}, if it exists (an issue with that number is not one). */
  public Optional<PullRequest> find(Repository repo, long number) {
    return db.read(sql -> {
      Optional<Issue> issue = Loader.issue(sql, repo.id(), number);
      return issue.isEmpty() ? Optional.<PullRequest>empty() : Loader.pull(sql, issue.get());
    });
  }

  /** Pull request {@code number}, or 404. */
  public PullRequest get(Repository repo, long number) {
    return find(repo, number).orElseThrow(() -> new NotFoundException(
        "pull request does not exist [repo: " + repo.fullName() + ", index: " + number + "]"));
  }

  /** One page of pull requests ({@code filter.pulls} is forced to true). */
  public Page<PullRequest> list(Repository repo, IssueFilter filter) {
    Page<Issue> page = issues.list(repo, filter.withPulls(true));
    List<PullRequest> out = db.read(sql -> {
      List<PullRequest> prs = new ArrayList<>();
      for (Issue i : page.items()) {
        Loader.pull(sql, i).ifPresent(prs::add);
      }
      return prs;
    });
    return new Page<>(out, page.total());
  }

  /** Open pull requests whose head is {@code branch}. */
  public List<PullRequest> openWithHead(Repository repo, String branch) {
    return db.read(sql -> {
      List<PullRequest> prs = new ArrayList<>();
      for (Long id : sql.list("SELECT i.id FROM issues i JOIN pulls p ON p.issue_id = i.id WHERE i.repo_id = ? "
          + "AND i.state = 'open' AND p.head_branch = ? ORDER BY i.number", rs -> rs.getLong(1), repo.id(), branch)) {
        Optional<Issue> issue = Loader.issueById(sql, id);
        if (issue.isPresent()) {
          Loader.pull(sql, issue.get()).ifPresent(prs::add);
        }
      }
      return prs;
    });
  }

  /**
   * Edits title, body, state, assignees and base. 412 for a state change of a merged pull request,
   * 404 for a missing new base, 409 when the new base clashes with another open pull request.
   */
  public PullRequest edit(User actor, Repository repo, long number, IssueChanges changes) {
    PullRequest pr = get(repo, number);
    if (changes.base() != null && !changes.base().isBlank() && !changes.base().equals(pr.baseBranch())) {
      String newBase = stripOwner(repo, changes.base().trim());
      git.branch(repo.owner(), repo.name(), newBase)
          .orElseThrow(() -> new NotFoundException("base branch does not exist [branch: " + newBase + "]"));
      if (newBase.equals(pr.headBranch())) {
        throw new ValidationException("Invalid PullRequest: There are no changes between the head and the base");
      }
      if (pr.merged()) {
        throw new PreconditionFailedException("cannot change the base of a merged pull request");
      }
      db.tx(sql -> {
        sql.update("UPDATE pulls SET base_branch = ? WHERE issue_id = ?", newBase, pr.issue().id());
        if (pr.issue().isOpen()) {
          IssueService.ensureNoOtherOpenPull(sql, repo, pr.issue().id());
        }
        return null;
      });
    }
    issues.edit(actor, repo, number, changes);
    return get(repo, number);
  }

  /** Closes the pull request. */
  public PullRequest close(User actor, Repository repo, long number) {
    return edit(actor, repo, number, IssueChanges.state("closed"));
  }

  /** Reopens the pull request (409 if another open one has the same branches, 412 if merged). */
  public PullRequest reopen(User actor, Repository repo, long number) {
    return edit(actor, repo, number, IssueChanges.state("open"));
  }

  /** Whether pull request {@code number} is merged (false if there is none). */
  public boolean isMerged(Repository repo, long number) {
    return find(repo, number).map(PullRequest::merged).orElse(false);
  }

  /**
   * Merges the pull request into its base branch. {@code MERGE} fast-forwards when the base is an
   * ancestor of the head and otherwise makes a merge commit with Gitea's default message;
   * {@code SQUASH} makes one commit; {@code FAST_FORWARD_ONLY} fails with 409 when it cannot.
   * Already merged: {@link AlreadyMergedException} (405); closed: 404; head moved since
   * {@code expectedHeadSha}: 409; conflicts: {@link MergeConflictException} (409).
   */
  public PullRequest merge(User actor, Repository repo, long number, MergeStyle style, String title,
      String message, String expectedHeadSha, boolean deleteBranchAfterMerge) {
    TextLimits.checkTitle(title == null ? null : title.trim());
    TextLimits.checkBody(message);
    MergeStyle how = style == null ? MergeStyle.MERGE : style;
    Object lock = repoLocks.computeIfAbsent(repo.id(), k -> new Object());
    PullRequest merged;
    ObjectId[] baseMove = new ObjectId[2];
    boolean[] headDeleted = new boolean[1];
    synchronized (lock) {
      PullRequest pr = get(repo, number);
      if (pr.merged()) {
        throw new AlreadyMergedException();
      }
      if (!pr.issue().isOpen()) {
        throw new NotFoundException("pull request is closed");
      }
      if (how != MergeStyle.MERGE && how != MergeStyle.SQUASH && how != MergeStyle.FAST_FORWARD_ONLY) {
        throw new NotAllowedException("merge style " + how.wireName() + " is not allowed");
      }
      String mergeSha;
      try (org.eclipse.jgit.lib.Repository r = git.open(repo.owner(), repo.name()); RevWalk walk = new RevWalk(r)) {
        Ref headRef = r.exactRef(Constants.R_HEADS + pr.headBranch());
        Ref baseRef = r.exactRef(Constants.R_HEADS + pr.baseBranch());
        if (headRef == null || baseRef == null) {
          throw new ConflictException("head or base branch no longer exists");
        }
        if (expectedHeadSha != null && !expectedHeadSha.isBlank() && !headRef.getObjectId().name().equals(expectedHeadSha)) {
          throw new ConflictException("head out of date");
        }
        RevCommit head = walk.parseCommit(headRef.getObjectId());
        RevCommit base = walk.parseCommit(baseRef.getObjectId());
        String headline = title != null && !title.isBlank() ? title.trim()
            : how == MergeStyle.SQUASH ? pr.issue().title() + " (#" + number + ")"
            : "Merge pull request '" + pr.issue().title() + "' (#" + number + ") from " + pr.headBranch()
                + " into " + pr.baseBranch();
        String fullMessage = headline + (message != null && !message.isBlank() ? "\n\n" + message.trim() : "") + "\n";
        PersonIdent ident = new PersonIdent(actor.fullName().isEmpty() ? actor.login() : actor.fullName(),
            actor.email().isEmpty() ? actor.login() + "@noreply.localhost" : actor.email());
        ObjectId newBase;
        if (walk.isMergedInto(head, base)) {
          newBase = base; // nothing to bring in: the head is already part of the base
        } else if (how != MergeStyle.SQUASH && walk.isMergedInto(base, head)) {
          newBase = head;
        } else if (how == MergeStyle.FAST_FORWARD_ONLY) {
          throw new ConflictException("Not possible to fast-forward: " + pr.baseBranch() + " has diverged");
        } else {
          ResolveMerger merger = (ResolveMerger) MergeStrategy.RECURSIVE.newMerger(r, true);
          if (!merger.merge(base, head)) {
            List<String> paths = new ArrayList<>(merger.getUnmergedPaths());
            if (merger.getFailingPaths() != null) {
              paths.addAll(merger.getFailingPaths().keySet());
            }
            throw new MergeConflictException("Merge conflict: " + String.join(", ", paths), paths);
          }
          try (ObjectInserter inserter = r.newObjectInserter()) {
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(merger.getResultTreeId());
            if (how == MergeStyle.SQUASH) {
              commit.setParentId(base);
            } else {
              commit.setParentIds(base, head);
            }
            commit.setAuthor(ident);
            commit.setCommitter(ident);
            commit.setMessage(fullMessage);
            newBase = inserter.insert(commit);
            inserter.flush();
          }
        }
        if (!newBase.equals(base)) {
          RefUpdate update = r.updateRef(Constants.R_HEADS + pr.baseBranch());
          update.setExpectedOldObjectId(base);
          update.setNewObjectId(newBase);
          update.setRefLogIdent(ident);
          update.setRefLogMessage("merge pull request #" + number, false);
          RefUpdate.Result result = update.update(walk);
          if (result != RefUpdate.Result.FAST_FORWARD && result != RefUpdate.Result.FORCED) {
            throw new ConflictException("merge push out of date (" + result + ")");
          }
        }
        mergeSha = newBase.name();
        if (!newBase.equals(base)) {
          baseMove[0] = base.copy();
          baseMove[1] = newBase.copy();
        }
        if (deleteBranchAfterMerge) {
          RefUpdate delete = r.updateRef(Constants.R_HEADS + pr.headBranch());
          delete.setForceUpdate(true);
          RefUpdate.Result deleted = delete.delete();
          headDeleted[0] = deleted == RefUpdate.Result.FORCED || deleted == RefUpdate.Result.FAST_FORWARD
              || deleted == RefUpdate.Result.NO_CHANGE;
        }
        String headSha = head.name();
        db.tx(sql -> {
          long now = Rows.now();
          sql.update("UPDATE pulls SET merged = 1, merge_sha = ?, merged_by = ?, merged_at = ?, head_sha = ? WHERE issue_id = ?",
              mergeSha, actor.id(), now, headSha, pr.issue().id());
          sql.update("UPDATE issues SET state = 'closed', closed_at = ?, updated = ? WHERE id = ?", now, now, pr.issue().id());
          sql.update("UPDATE repositories SET updated = ? WHERE id = ?", now, repo.id());
          return null;
        });
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      merged = get(repo, number);
    }
    PullRequestSnapshot snap = snapshots.pull(repo, merged);
    events.fire(l -> l.onPullRequest(new PullRequestEvent(
        PullRequestEvent.Action.MERGED, actor.toRef(), repo.toRef(), snap, null)));
    // The base branch moved without a push: tell the receive hooks, and pull requests whose head it is.
    if (baseMove[0] != null) {
      pushes.updated(repo, actor, Constants.R_HEADS + merged.baseBranch(), baseMove[0], baseMove[1]);
      onBranchUpdated(actor, repo, merged.baseBranch(), baseMove[1].name());
    }
    if (headDeleted[0]) {
      pushes.updated(repo, actor, Constants.R_HEADS + merged.headBranch(), ObjectId.fromString(merged.headSha()),
          ObjectId.zeroId());
    }
    return merged;
  }

  /**
   * Submits a review. APPROVED and REQUEST_CHANGES are refused for the author (422);
   * REQUEST_CHANGES and COMMENT need a body (422); PENDING is stored without an event.
   */
  public Review submitReview(User actor, Repository repo, long number, ReviewState state, String body, String commitId) {
    TextLimits.checkBody(body);
    PullRequest pr = get(repo, number);
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
      PullRequestSnapshot snap = snapshots.pull(repo, get(repo, number));
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
    PullRequest pr = get(repo, number);
    return db.read(sql -> Loader.reviews(sql, pr.issue().id()));
  }

  /** Review {@code id} of pull request {@code number}, or 404. */
  public Review review(Repository repo, long number, long id) {
    PullRequest pr = get(repo, number);
    return db.read(sql -> Loader.review(sql, id)).filter(r -> r.issueId() == pr.issue().id())
        .orElseThrow(() -> new NotFoundException("review does not exist [id: " + id + "]"));
  }

  /**
   * Asks users (logins or e-mails) to review; 404 for an unknown user ({@code User 'x' not exist}),
   * 422 for the author or a user without read access. Returns the requests now pending for them.
   */
  public List<ReviewRequest> requestReviewers(User actor, Repository repo, long number, List<String> logins) {
    PullRequest pr = get(repo, number);
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
      PullRequestSnapshot snap = snapshots.pull(repo, get(repo, number));
      for (User u : added) {
        events.fire(l -> l.onReviewRequested(new ReviewRequestedEvent(actor.toRef(), repo.toRef(), snap, u.toRef())));
      }
    }
    List<ReviewRequest> all = requestedReviewers(repo, number);
    return all.stream().filter(rr -> users.stream().anyMatch(u -> u.id() == rr.reviewer().id())).toList();
  }

  /** Withdraws review requests (unknown logins give 404). */
  public void removeReviewRequests(User actor, Repository repo, long number, List<String> logins) {
    PullRequest pr = get(repo, number);
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
    PullRequest pr = get(repo, number);
    return db.read(sql -> Loader.requests(sql, pr.issue().id()));
  }

  /**
   * Called after a push updated {@code refs/heads/branch}: open pull requests with that head get the
   * new head sha and a SYNCHRONIZED event (with the previous head).
   */
  public void onBranchUpdated(User pusher, Repository repo, String branch, String newSha) {
    for (PullRequest pr : openWithHead(repo, branch)) {
      if (pr.headSha().equals(newSha)) {
        continue;
      }
      String before = pr.headSha();
      db.tx(sql -> {
        long now = Rows.now();
        sql.update("UPDATE pulls SET head_sha = ? WHERE issue_id = ?", newSha, pr.issue().id());
        sql.update("UPDATE issues SET updated = ? WHERE id = ?", now, pr.issue().id());
        return null;
      });
      PullRequestSnapshot snap = snapshots.pull(repo, get(repo, pr.number()));
      events.fire(l -> l.onPullRequest(new PullRequestEvent(
          PullRequestEvent.Action.SYNCHRONIZED, pusher == null ? null : pusher.toRef(), repo.toRef(), snap, before)));
    }
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

  private static String stripOwner(Repository repo, String ref) {
    int colon = ref.indexOf(':');
    if (colon < 0) {
      return ref;
    }
    String owner = ref.substring(0, colon);
    if (!owner.equalsIgnoreCase(repo.owner())) {
      throw new NotFoundException("head repository does not exist [owner: " + owner + "] (forks are not supported)");
    }
    return ref.substring(colon + 1);
  }

}
