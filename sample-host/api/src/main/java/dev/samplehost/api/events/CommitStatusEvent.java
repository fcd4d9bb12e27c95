package dev.samplehost.api.events;

import dev.samplehost.api.RepoRef;
import dev.samplehost.api.UserRef;
import java.util.List;

/**
 * A commit status (CI result) was set on commit {@code sha} by {@code actor}: the latest status of
 * its {@code context} is now {@code state} ({@code pending}, {@code success}, {@code error},
 * {@code failure} or {@code warning}). {@code progress} is 0-100 or null; {@code combinedState} is
 * the commit's combined state after the change; {@code pullRequests} are the numbers of the open
 * pull requests whose head is {@code sha}. Progress-only updates of one context are coalesced by
 * the host (at most one event per second and context, the latest always delivered).
 */
public record CommitStatusEvent(
    UserRef actor, RepoRef repository, long statusId, String sha, String context, String state,
    String description, String targetUrl, Integer progress, String combinedState,
    List<Long> pullRequests) {

  /** Never a null pull request list. */
  public CommitStatusEvent {
    pullRequests = pullRequests == null ? List.of() : List.copyOf(pullRequests);
  }
}
