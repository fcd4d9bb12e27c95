package dev.samplehost.server.git;

import dev.samplehost.server.domain.Repository;
import dev.samplehost.server.domain.User;
import dev.samplehost.server.service.PullService;
import dev.samplehost.server.service.RepoService;
import java.util.Collection;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.transport.PostReceiveHook;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The host's own post-receive hook: marks the repository updated and synchronizes open pull requests. */
final class PullSyncHook implements PostReceiveHook {
  private static final Logger LOG = LoggerFactory.getLogger(PullSyncHook.class);
  private final Repository repo;
  private final User pusher;
  private final PullService pulls;
  private final RepoService repos;

  PullSyncHook(Repository repo, User pusher, PullService pulls, RepoService repos) {
    this.repo = repo;
    this.pusher = pusher;
    this.pulls = pulls;
    this.repos = repos;
  }

  @Override
  public void onPostReceive(ReceivePack rp, Collection<ReceiveCommand> commands) {
    try {
      boolean any = false;
      for (ReceiveCommand cmd : commands) {
        if (cmd.getResult() != ReceiveCommand.Result.OK) {
          continue;
        }
        any = true;
        if (cmd.getRefName().startsWith(Constants.R_HEADS) && cmd.getType() != ReceiveCommand.Type.DELETE) {
          String branch = cmd.getRefName().substring(Constants.R_HEADS.length());
          pulls.onBranchUpdated(pusher, repo, branch, cmd.getNewId().name());
        }
      }
      if (any) {
        repos.touch(repo);
      }
    } catch (RuntimeException e) {
      LOG.warn("Synchronizing pull requests of {} after a push failed", repo.fullName(), e);
    }
  }
}
