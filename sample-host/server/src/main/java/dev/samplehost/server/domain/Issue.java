package dev.samplehost.server.domain;

import java.time.Instant;
import java.util.List;

/**
 * An issue or a pull request seen as an issue (they share numbers); {@code state} is {@code open}
 * or {@code closed}; {@code comments} is the number of comments.
 */
public record Issue(
    long id, long repoId, long number, boolean pullRequest, String title, String body, String state,
    User author, List<User> assignees, int comments, Instant created, Instant updated,
    Instant closedAt) {

  /** Whether the state is open. */
  public boolean isOpen() {
    return "open".equals(state);
  }
}
