package dev.samplehost.server.rest;

import java.time.OffsetDateTime;
import java.util.List;

/** Gitea's {@code PullRequest}. */
public record PullRequestJson(
    long id, String url, long number, UserJson user, String title, String body, List<Object> labels,
    Object milestone, UserJson assignee, List<UserJson> assignees, List<UserJson> requestedReviewers,
    List<TeamJson> requestedReviewersTeams, String state, boolean draft, boolean isLocked,
    int comments, int reviewComments, int additions, int deletions, int changedFiles,
    String htmlUrl, String diffUrl, String patchUrl, boolean mergeable, boolean merged,
    OffsetDateTime mergedAt, String mergeCommitSha, UserJson mergedBy, boolean allowMaintainerEdit,
    BranchInfo base, BranchInfo head, String mergeBase, OffsetDateTime dueDate,
    OffsetDateTime createdAt, OffsetDateTime updatedAt, OffsetDateTime closedAt, int pinOrder) {

  /** Gitea's {@code PRBranchInfo}; {@code label} is the branch name. */
  public record BranchInfo(String label, String ref, String sha, long repoId, RepositoryJson repo) {}
}
