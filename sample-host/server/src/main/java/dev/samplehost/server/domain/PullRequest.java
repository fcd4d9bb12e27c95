package dev.samplehost.server.domain;

import java.time.Instant;
import java.util.List;

/** A pull request: its issue part plus branches, head commit and merge state. */
public record PullRequest(
    Issue issue, String headBranch, String baseBranch, String headSha, boolean merged,
    String mergeSha, User mergedBy, Instant mergedAt, List<User> requestedReviewers) {

  /** The shared issue/PR number. */
  public long number() {
    return issue.number();
  }

  /** {@code open}, {@code closed} or {@code merged} (the event/notification view). */
  public String displayState() {
    return merged ? "merged" : issue.state();
  }
}
