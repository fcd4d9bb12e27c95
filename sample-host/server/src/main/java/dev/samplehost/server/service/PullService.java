package dev.samplehost.server.service;

import dev.samplehost.api.events.PullRequestEvent;
import dev.samplehost.api.events.PullRequestSnapshot;
import dev.samplehost.server.db.Database;
import dev.samplehost.server.domain.Issue;
import dev.samplehost.server.domain.IssueFilter;
import dev.samplehost.server.domain.MergeStyle;
import dev.samplehost.server.domain.Page;
import dev.samplehost.server.domain.PullRequest;
import dev.samplehost.server.domain.Repository;
import dev.samplehost.server.domain.User;
import dev.samplehost.server.events.HostEventBus;
import dev.samplehost.server.git.GitStore;
import dev.samplehost.server.git.ServerSidePushes;
import dev.samplehost.server.service.PullMerger.MergeOutcome;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;

/**
 * The life of a pull request between branches of one repository: open, edit, close, merge, and
 * following pushes to its head. The git work of a merge is {@link PullMerger}'s, reviews are
 * {@link PullReviews}'. Authorisation is the caller's job.
 */
@Singleton
public class PullService {
  private final Database db;
  private final GitStore git;
  private final HostEventBus events;
  private final Snapshots snapshots;
  private final IssueService issues;
  private final IssueSearch search;
  private final PullLookup lookup;
  private final PullMerger merger;
  private final PullReviews reviews;
  private final ServerSidePushes pushes;
  private final ConcurrentHashMap<Long, Object> repoLocks = new ConcurrentHashMap<>();

  @Inject
  PullService(Database db, GitStore git, HostEventBus events, Snapshots snapshots, IssueService issues,
      IssueSearch search, PullLookup lookup, PullMerger merger, PullReviews reviews, ServerSidePushes pushes) {
    this.db = db;
    this.git = git;
    this.events = events;
    this.snapshots = snapshots;
    this.issues = issues;
    this.search = search;
    this.lookup = lookup;
    this.merger = merger;
    this.reviews = reviews;
    this.pushes = pushes;
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
      reviews.requestReviewers(actor, repo, number, reviewers);
    }
    return get(repo, number);
  }

  /** Pull request {@code number}, if it exists (an issue with that number is not one). */
  public Optional<PullRequest> find(Repository repo, long number) {
    return lookup.find(repo, number);
  }

  /** Pull request {@code number}, or 404. */
  public PullRequest get(Repository repo, long number) {
    return lookup.get(repo, number);
  }

  /** One page of pull requests ({@code filter.pulls} is forced to true). */
  public Page<PullRequest> list(Repository repo, IssueFilter filter) {
    Page<Issue> page = search.list(repo, filter.withPulls(true));
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

  /** Whether pull request {@code number} is merged (false if there is none). */
  public boolean isMerged(Repository repo, long number) {
    return find(repo, number).map(PullRequest::merged).orElse(false);
  }

  /**
   * Merges the pull request into its base branch ({@link PullMerger} says how each style works) and
   * marks it merged and closed. Already merged: {@link AlreadyMergedException} (405); closed: 404.
   */
  public PullRequest merge(User actor, Repository repo, long number, MergeStyle style, String title,
      String message, String expectedHeadSha, boolean deleteBranchAfterMerge) {
    TextLimits.checkTitle(title == null ? null : title.trim());
    TextLimits.checkBody(message);
    MergeStyle how = style == null ? MergeStyle.MERGE : style;
    // One merge per repository at a time on this node: the checks, the ref moves and the row update
    // belong together. Across nodes the base ref's compare-and-set (409) and the "merged = 0" row
    // update below (405) make sure a pull request is merged, and announced, once.
    Object lock = repoLocks.computeIfAbsent(repo.id(), k -> new Object());
    PullRequest merged;
    MergeOutcome outcome;
    synchronized (lock) {
      PullRequest pr = get(repo, number);
      if (pr.merged()) {
        throw new AlreadyMergedException();
      }
      if (!pr.issue().isOpen()) {
        throw new NotFoundException("pull request is closed");
      }
      outcome = merger.merge(repo, pr, how, title, message, actor, expectedHeadSha, deleteBranchAfterMerge);
      boolean first = db.tx(sql -> {
        long now = Rows.now();
        if (sql.update("UPDATE pulls SET merged = 1, merge_sha = ?, merged_by = ?, merged_at = ?, head_sha = ? "
            + "WHERE issue_id = ? AND merged = 0",
            outcome.newBase().name(), actor.id(), now, outcome.head().name(), pr.issue().id()) == 0) {
          return false; // another node merged it meanwhile
        }
        sql.update("UPDATE issues SET state = 'closed', closed_at = ?, updated = ? WHERE id = ?", now, now, pr.issue().id());
        sql.update("UPDATE repositories SET updated = ? WHERE id = ?", now, repo.id());
        return true;
      });
      if (!first) {
        throw new AlreadyMergedException();
      }
      merged = get(repo, number);
    }
    PullRequestSnapshot snap = snapshots.pull(repo, merged);
    events.fire(l -> l.onPullRequest(new PullRequestEvent(
        PullRequestEvent.Action.MERGED, actor.toRef(), repo.toRef(), snap, null)));
    // The base branch moved without a push: tell the receive hooks, and pull requests whose head it is.
    if (outcome.baseMoved()) {
      // The head branch, if the merge deleted it, still counts as known: its commits are not new on the base.
      Map<String, ObjectId> removed = outcome.headDeleted()
          ? Map.of(Constants.R_HEADS + merged.headBranch(), ObjectId.fromString(merged.headSha())) : Map.of();
      pushes.updated(repo, actor, Constants.R_HEADS + merged.baseBranch(), outcome.oldBase(), outcome.newBase(), removed);
      onBranchUpdated(actor, repo, merged.baseBranch(), outcome.newBase().name());
    }
    if (outcome.headDeleted()) {
      pushes.updated(repo, actor, Constants.R_HEADS + merged.headBranch(), ObjectId.fromString(merged.headSha()),
          ObjectId.zeroId());
    }
    return merged;
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
