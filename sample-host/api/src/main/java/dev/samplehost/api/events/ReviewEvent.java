package dev.samplehost.api.events;

import dev.samplehost.api.RepoRef;
import dev.samplehost.api.UserRef;

/** {@code actor} submitted a review on a pull request. */
public record ReviewEvent(
    UserRef actor, RepoRef repository, PullRequestSnapshot pullRequest, State state, long reviewId,
    String body, String htmlUrl) {

  /** The verdict of a review. */
  public enum State { APPROVED, CHANGES_REQUESTED, COMMENTED }
}
