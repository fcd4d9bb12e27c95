package dev.samplehost.server.rest;

import dev.samplehost.server.domain.Comment;
import dev.samplehost.server.domain.Issue;
import dev.samplehost.server.domain.PullRequest;
import dev.samplehost.server.domain.Repository;
import dev.samplehost.server.service.PullService;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/** Renders issues and comments, looking up the pull request part of issues that are PRs. */
@Singleton
public final class IssueRenderer {

  private final ApiConverter convert;
  private final PullService pulls;

  @Inject
  IssueRenderer(ApiConverter convert, PullService pulls) {
    this.convert = convert;
    this.pulls = pulls;
  }

  /** An issue as {@code viewer} sees it. */
  public IssueJson issue(Issue issue, Repository repo, String viewer) {
    PullRequest pull = issue.pullRequest() ? pulls.find(repo, issue.number()).orElse(null) : null;
    return convert.issue(issue, repo, pull, viewer);
  }

  /** A comment as {@code viewer} sees it. */
  public CommentJson comment(Comment comment, Repository repo, boolean pull, String viewer) {
    return convert.comment(comment, repo, pull, viewer);
  }
}
