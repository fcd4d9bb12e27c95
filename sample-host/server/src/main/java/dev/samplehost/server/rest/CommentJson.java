package dev.samplehost.server.rest;

import java.time.OffsetDateTime;
import java.util.List;

/** Gitea's {@code Comment}. */
public record CommentJson(
    long id, String htmlUrl, String pullRequestUrl, String issueUrl, UserJson user,
    String originalAuthor, long originalAuthorId, String body, List<Object> assets,
    OffsetDateTime createdAt, OffsetDateTime updatedAt) {}
