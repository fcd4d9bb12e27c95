package dev.samplehost.server.rest;

import dev.samplehost.server.domain.PullRequest;
import dev.samplehost.server.domain.Repository;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/** Renders pull requests with their repository and git facts (base head, merge base, mergeable). */
@Singleton
public final class PullRenderer {

  private final ApiConverter convert;
  private final RepoLookup lookup;
  private final PullGitInfo gitInfo;

  @Inject
  PullRenderer(ApiConverter convert, RepoLookup lookup, PullGitInfo gitInfo) {
    this.convert = convert;
    this.lookup = lookup;
    this.gitInfo = gitInfo;
  }

  /** One pull request as {@code viewer} sees it. */
  public PullRequestJson pull(PullRequest pr, RepoLookup.RepoView view, String viewer) {
    return pull(pr, view.repo(), lookup.json(view.repo(), view.permission(), viewer), viewer);
  }

  /** One pull request, reusing an already rendered repository (lists). */
  public PullRequestJson pull(PullRequest pr, Repository repo, RepositoryJson repoJson, String viewer) {
    PullGitInfo.Info info = gitInfo.of(repo, pr);
    return convert.pull(pr, repo, repoJson, info.baseSha(), info.mergeable(), info.mergeBase(), viewer);
  }
}
