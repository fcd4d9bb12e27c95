package dev.samplehost.server.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.OffsetDateTime;
import java.util.List;

/** Gitea's {@code Repository}, with every field a client may read (zero values where the host has none). */
public record RepositoryJson(
    long id, UserJson owner, String name, String fullName, String description, boolean empty,
    @JsonProperty("private") boolean isPrivate, boolean fork, boolean template, boolean mirror,
    int size, String language, String languagesUrl, String htmlUrl, String url, String link,
    String sshUrl, String cloneUrl, String originalUrl, String website, int starsCount,
    int forksCount, int watchersCount, int openIssuesCount, int openPrCounter, int releaseCounter,
    String defaultBranch, boolean archived, OffsetDateTime createdAt, OffsetDateTime updatedAt,
    OffsetDateTime archivedAt, @JsonInclude(JsonInclude.Include.NON_NULL) Permissions permissions,
    boolean hasIssues, InternalTracker internalTracker, boolean hasWiki, boolean hasPullRequests,
    boolean hasProjects, String projectsMode, boolean hasReleases, boolean hasPackages,
    boolean hasActions, boolean ignoreWhitespaceConflicts, boolean allowMergeCommits,
    boolean allowRebase, boolean allowRebaseExplicit, boolean allowSquashMerge,
    boolean allowFastForwardOnlyMerge, boolean allowRebaseUpdate, boolean allowManualMerge,
    boolean autodetectManualMerge, boolean defaultDeleteBranchAfterMerge, String defaultMergeStyle,
    boolean defaultAllowMaintainerEdit, String avatarUrl, boolean internal, String mirrorInterval,
    String objectFormatName, OffsetDateTime mirrorUpdated, List<String> topics, List<String> licenses) {

  /** What the caller may do with the repository. */
  public record Permissions(boolean admin, boolean push, boolean pull) {}

  /** Gitea's built-in issue tracker settings. */
  public record InternalTracker(
      boolean enableTimeTracker, boolean allowOnlyContributorsToTrackTime,
      boolean enableIssueDependencies) {}
}
