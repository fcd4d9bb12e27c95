package dev.samplehost.server.rest;

import dev.samplehost.server.domain.PullRequest;
import dev.samplehost.server.domain.Repository;
import dev.samplehost.server.git.GitStore;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.merge.ThreeWayMerger;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what the PullRequest JSON needs from the bare repository: the base head, the merge base
 * and whether the head merges cleanly (a dry-run merge that writes nothing).
 */
@Singleton
public final class PullGitInfo {

  private static final Logger LOG = LoggerFactory.getLogger(PullGitInfo.class);

  private final GitStore git;

  /** Base head, merge base (empty if none) and whether an open PR merges without conflicts. */
  public record Info(String baseSha, String mergeBase, boolean mergeable) {}

  @Inject
  PullGitInfo(GitStore git) {
    this.git = git;
  }

  /** The git facts of {@code pr}; missing branches give empty values rather than failing the call. */
  public Info of(Repository repo, PullRequest pr) {
    try (org.eclipse.jgit.lib.Repository r = git.open(repo.owner(), repo.name()); RevWalk walk = new RevWalk(r)) {
      Ref baseRef = r.exactRef(Constants.R_HEADS + pr.baseBranch());
      if (baseRef == null) {
        return new Info("", "", false);
      }
      RevCommit base = walk.parseCommit(baseRef.getObjectId());
      Ref headRef = r.exactRef(Constants.R_HEADS + pr.headBranch());
      String headSha = headRef != null ? headRef.getObjectId().name() : pr.headSha();
      if (headSha == null || headSha.isEmpty()) {
        return new Info(base.name(), "", false);
      }
      RevCommit head = walk.parseCommit(r.resolve(headSha));
      walk.reset();
      walk.setRevFilter(RevFilter.MERGE_BASE);
      walk.markStart(walk.parseCommit(base));
      walk.markStart(walk.parseCommit(head));
      RevCommit mergeBase = walk.next();
      boolean mergeable = false;
      if (!pr.merged() && pr.issue().isOpen()) {
        mergeable = mergesCleanly(r, base, head);
      }
      return new Info(base.name(), mergeBase == null ? "" : mergeBase.name(), mergeable);
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot read pull request #{} of {}: {}", pr.number(), repo.fullName(), e.toString());
      return new Info("", "", false);
    }
  }

  private static boolean mergesCleanly(org.eclipse.jgit.lib.Repository r, RevCommit base, RevCommit head)
      throws IOException {
    ThreeWayMerger merger = MergeStrategy.RECURSIVE.newMerger(r, true);
    // A formatter computes ids without storing objects: the dry run leaves the repository untouched.
    try (ObjectReader reader = r.newObjectReader()) {
      merger.setObjectInserter(new ObjectInserter.Formatter() {
        @Override
        public ObjectReader newReader() {
          return reader;
        }

        @Override
        public ObjectId insert(int type, long length, InputStream in) throws IOException {
          return idFor(type, length, in);
        }
      });
      return merger.merge(base, head);
    }
  }
}
