package dev.samplehost.server.service;

import dev.samplehost.server.domain.MergeStyle;
import dev.samplehost.server.domain.PullRequest;
import dev.samplehost.server.domain.Repository;
import dev.samplehost.server.domain.User;
import dev.samplehost.server.git.GitStore;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
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
 * The git side of merging a pull request, on the bare repository with JGit's in-core merger: picks
 * fast-forward, merge commit or squash commit, moves the base branch and optionally deletes the head
 * branch. It touches no database row and fires no event; {@link PullService#merge} does both.
 */
@Singleton
public class PullMerger {
  private final GitStore git;

  @Inject
  PullMerger(GitStore git) {
    this.git = git;
  }

  /**
   * What a merge did to the refs. {@code oldBase} equals {@code newBase} when the head was already
   * part of the base; {@code head} is the head commit that was merged.
   */
  public record MergeOutcome(ObjectId head, ObjectId oldBase, ObjectId newBase, boolean headDeleted) {
    /** Whether the base branch moved. */
    public boolean baseMoved() {
      return !oldBase.equals(newBase);
    }
  }

  /**
   * Merges {@code pr}'s head into its base. {@code MERGE} fast-forwards when the base is an ancestor
   * of the head and otherwise makes a merge commit with Gitea's default message; {@code SQUASH} makes
   * one commit; {@code FAST_FORWARD_ONLY} fails with 409 when it cannot. Other styles: 405. A missing
   * branch, a head that moved since {@code expectedHeadSha} or a base that moved meanwhile: 409;
   * conflicts: {@link MergeConflictException} (409).
   */
  public MergeOutcome merge(Repository repo, PullRequest pr, MergeStyle style, String title, String message,
      User actor, String expectedHeadSha, boolean deleteHead) {
    if (style != MergeStyle.MERGE && style != MergeStyle.SQUASH && style != MergeStyle.FAST_FORWARD_ONLY) {
      throw new NotAllowedException("merge style " + style.wireName() + " is not allowed");
    }
    try (org.eclipse.jgit.lib.Repository r = git.open(repo.owner(), repo.name()); RevWalk walk = new RevWalk(r)) {
      Ref headRef = r.exactRef(Constants.R_HEADS + pr.headBranch());
      Ref baseRef = r.exactRef(Constants.R_HEADS + pr.baseBranch());
      if (headRef == null || baseRef == null) {
        throw new ConflictException("head or base branch no longer exists");
      }
      if (expectedHeadSha != null && !expectedHeadSha.isBlank()
          && !headRef.getObjectId().name().equals(expectedHeadSha)) {
        throw new ConflictException("head out of date");
      }
      RevCommit head = walk.parseCommit(headRef.getObjectId());
      RevCommit base = walk.parseCommit(baseRef.getObjectId());
      PersonIdent ident = ident(actor);
      ObjectId newBase = newBase(r, walk, pr, style, head, base, ident, commitMessage(pr, style, title, message));
      if (!newBase.equals(base)) {
        moveBase(r, walk, pr, base, newBase, ident);
      }
      boolean headDeleted = deleteHead && deleteHead(r, pr);
      return new MergeOutcome(head.copy(), base.copy(), newBase.copy(), headDeleted);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The commit the base should point at: the base itself, the head (fast-forward) or a new commit. */
  private static ObjectId newBase(org.eclipse.jgit.lib.Repository r, RevWalk walk, PullRequest pr, MergeStyle style,
      RevCommit head, RevCommit base, PersonIdent ident, String message) throws IOException {
    if (walk.isMergedInto(head, base)) {
      return base; // nothing to bring in: the head is already part of the base
    }
    if (style != MergeStyle.SQUASH && walk.isMergedInto(base, head)) {
      return head;
    }
    if (style == MergeStyle.FAST_FORWARD_ONLY) {
      throw new ConflictException("Not possible to fast-forward: " + pr.baseBranch() + " has diverged");
    }
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
      if (style == MergeStyle.SQUASH) {
        commit.setParentId(base);
      } else {
        commit.setParentIds(base, head);
      }
      commit.setAuthor(ident);
      commit.setCommitter(ident);
      commit.setMessage(message);
      ObjectId id = inserter.insert(commit);
      inserter.flush();
      return id;
    }
  }

  /** Moves the base branch from {@code base} to {@code newBase}; 409 if someone moved it meanwhile. */
  private static void moveBase(org.eclipse.jgit.lib.Repository r, RevWalk walk, PullRequest pr, ObjectId base,
      ObjectId newBase, PersonIdent ident) throws IOException {
    RefUpdate update = r.updateRef(Constants.R_HEADS + pr.baseBranch());
    update.setExpectedOldObjectId(base);
    update.setNewObjectId(newBase);
    update.setRefLogIdent(ident);
    update.setRefLogMessage("merge pull request #" + pr.number(), false);
    RefUpdate.Result result = update.update(walk);
    if (result != RefUpdate.Result.FAST_FORWARD && result != RefUpdate.Result.FORCED) {
      throw new ConflictException("merge push out of date (" + result + ")");
    }
  }

  /** Deletes the head branch; true if it is gone. */
  private static boolean deleteHead(org.eclipse.jgit.lib.Repository r, PullRequest pr) throws IOException {
    RefUpdate delete = r.updateRef(Constants.R_HEADS + pr.headBranch());
    delete.setForceUpdate(true);
    RefUpdate.Result deleted = delete.delete();
    return deleted == RefUpdate.Result.FORCED || deleted == RefUpdate.Result.FAST_FORWARD
        || deleted == RefUpdate.Result.NO_CHANGE;
  }

  /** The message of a merge or squash commit: {@code title} or Gitea's default headline, then {@code message}. */
  static String commitMessage(PullRequest pr, MergeStyle style, String title, String message) {
    String headline = title != null && !title.isBlank() ? title.trim()
        : style == MergeStyle.SQUASH ? pr.issue().title() + " (#" + pr.number() + ")"
        : "Merge pull request '" + pr.issue().title() + "' (#" + pr.number() + ") from " + pr.headBranch()
            + " into " + pr.baseBranch();
    return headline + (message != null && !message.isBlank() ? "\n\n" + message.trim() : "") + "\n";
  }

  private static PersonIdent ident(User actor) {
    return new PersonIdent(actor.fullName().isEmpty() ? actor.login() : actor.fullName(),
        actor.email().isEmpty() ? actor.login() + "@noreply.localhost" : actor.email());
  }
}
