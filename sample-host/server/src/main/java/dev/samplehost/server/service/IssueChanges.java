package dev.samplehost.server.service;

import java.util.List;

/**
 * Changes to an issue or pull request; null fields stay unchanged. {@code state} is {@code open}
 * or {@code closed}; {@code assignees} replaces the whole set ({@code []} clears it); {@code base}
 * retargets a pull request (ignored for issues).
 */
public record IssueChanges(String title, String body, String state, List<String> assignees, String base) {

  /** Only a state change. */
  public static IssueChanges state(String state) {
    return new IssueChanges(null, null, state, null, null);
  }
}
