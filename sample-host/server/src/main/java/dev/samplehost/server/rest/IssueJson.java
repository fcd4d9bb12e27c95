package dev.samplehost.server.rest;

import java.time.OffsetDateTime;
import java.util.List;

/** Gitea's {@code Issue} (also used for pull requests seen as issues). */
public record IssueJson(
    long id, String url, String htmlUrl, long number, UserJson user, String originalAuthor,
    long originalAuthorId, String title, String body, String ref, List<Object> assets,
    List<Object> labels, Object milestone, UserJson assignee, List<UserJson> assignees, String state,
    boolean isLocked, int comments, OffsetDateTime createdAt, OffsetDateTime updatedAt,
    OffsetDateTime closedAt, OffsetDateTime dueDate, PullRequestMeta pullRequest,
    RepoMetaJson repository, int pinOrder) {

  /** Gitea's {@code PullRequestMeta}: set when the issue is a pull request. */
  public record PullRequestMeta(boolean merged, OffsetDateTime mergedAt, boolean draft, String htmlUrl) {}
}
