package dev.samplehost.api.events;

import dev.samplehost.api.RepoRef;
import dev.samplehost.api.UserRef;

/**
 * Something happened to a pull request; for {@code SYNCHRONIZED} (new commits on its head),
 * {@code beforeSha} is the previous head, otherwise null. {@code EDITED}: its title or body changed.
 */
public record PullRequestEvent(
    Action action, UserRef actor, RepoRef repository, PullRequestSnapshot pullRequest, String beforeSha) {

  /** What happened to the pull request. */
  public enum Action { OPENED, SYNCHRONIZED, CLOSED, REOPENED, MERGED, EDITED }
}
