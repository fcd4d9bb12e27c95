package dev.samplehost.server.rest;

import java.time.OffsetDateTime;
import java.util.List;

/** Gitea's {@code Branch} with its head as a {@code PayloadCommit}. */
public record BranchJson(
    String name, Commit commit, @com.fasterxml.jackson.annotation.JsonProperty("protected") boolean isProtected,
    int requiredApprovals, boolean enableStatusCheck, List<String> statusCheckContexts,
    boolean userCanPush, boolean userCanMerge, String effectiveBranchProtectionName) {

  /** Gitea's {@code PayloadCommit}. */
  public record Commit(
      String id, String message, String url, Person author, Person committer, Object verification,
      OffsetDateTime timestamp, List<String> added, List<String> removed, List<String> modified) {}

  /** Gitea's {@code PayloadUser}. */
  public record Person(String name, String email, String username) {}
}
