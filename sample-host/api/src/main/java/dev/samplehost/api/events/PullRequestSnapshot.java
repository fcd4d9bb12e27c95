package dev.samplehost.api.events;

import dev.samplehost.api.UserRef;
import java.util.List;

/**
 * A pull request as it is right after the event; {@code state} is {@code open}, {@code closed} or
 * {@code merged}; {@code mergeSha} is null until merged.
 */
public record PullRequestSnapshot(
    long id, long number, String title, String body, String state, UserRef author,
    String headBranch, String baseBranch, String headSha, String mergeSha,
    List<UserRef> assignees, List<UserRef> requestedReviewers, String htmlUrl) {

  /** The same pull request seen as an issue (they share numbers). */
  public IssueSnapshot asIssue() {
    return new IssueSnapshot(id, number, true, title, body, state, author, assignees, htmlUrl);
  }
}
