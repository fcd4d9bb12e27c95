package dev.samplehost.server.rest;

import java.util.List;

/** Gitea's {@code CombinedStatus}: {@code state} is {@code ""} when the commit has no status. */
public record CombinedStatusJson(
    String state, String sha, long totalCount, List<CommitStatusJson> statuses, RepositoryJson repository,
    String commitUrl, String url) {}
