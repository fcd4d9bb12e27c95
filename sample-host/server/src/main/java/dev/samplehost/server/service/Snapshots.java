package dev.samplehost.server.service;

import dev.samplehost.api.events.IssueSnapshot;
import dev.samplehost.api.events.PullRequestSnapshot;
import dev.samplehost.server.domain.Issue;
import dev.samplehost.server.domain.PullRequest;
import dev.samplehost.server.domain.Repository;
import dev.samplehost.server.domain.User;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/** Builds the API's event snapshots of issues and pull requests (with their HTML URLs). */
@Singleton
public class Snapshots {
  private final HostUrls urls;

  @Inject
  Snapshots(HostUrls urls) {
    this.urls = urls;
  }

  /** The issue (or the pull request's issue part) as an event snapshot. */
  public IssueSnapshot issue(Repository repo, Issue i) {
    return new IssueSnapshot(i.id(), i.number(), i.pullRequest(), i.title(), i.body(), i.state(),
        i.author().toRef(), i.assignees().stream().map(User::toRef).toList(),
        urls.issue(repo.owner(), repo.name(), i.number(), i.pullRequest()));
  }

  /** The issue snapshot of a pull request, with state {@code merged} once merged. */
  public IssueSnapshot issue(Repository repo, PullRequest pr) {
    return pull(repo, pr).asIssue();
  }

  /** The pull request as an event snapshot. */
  public PullRequestSnapshot pull(Repository repo, PullRequest pr) {
    Issue i = pr.issue();
    return new PullRequestSnapshot(i.id(), i.number(), i.title(), i.body(), pr.displayState(), i.author().toRef(),
        pr.headBranch(), pr.baseBranch(), pr.headSha(), pr.mergeSha(),
        i.assignees().stream().map(User::toRef).toList(),
        pr.requestedReviewers().stream().map(User::toRef).toList(),
        urls.issue(repo.owner(), repo.name(), i.number(), true));
  }

  /** The HTML URL of a comment. */
  public String commentUrl(Repository repo, Issue issue, long commentId) {
    return urls.comment(repo.owner(), repo.name(), issue.number(), issue.pullRequest(), commentId);
  }

  /** The HTML URL of an issue or pull request. */
  public String issueUrl(Repository repo, Issue issue) {
    return urls.issue(repo.owner(), repo.name(), issue.number(), issue.pullRequest());
  }
}
