package dev.samplehost.server.rest;

import java.time.OffsetDateTime;

/** Gitea's {@code PullReview} (also the {@code REQUEST_REVIEW} entries). */
public record PullReviewJson(
    long id, UserJson user, TeamJson team, String state, String body, String commitId,
    boolean stale, boolean official, boolean dismissed, int commentsCount,
    OffsetDateTime submittedAt, OffsetDateTime updatedAt, String htmlUrl, String pullRequestUrl) {}
