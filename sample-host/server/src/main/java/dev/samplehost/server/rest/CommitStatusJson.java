package dev.samplehost.server.rest;

import java.time.OffsetDateTime;

/** Gitea's {@code CommitStatus}, plus {@code progress} (0-100 or null), a Tidings extension. */
public record CommitStatusJson(
    long id, String state, String targetUrl, String description, String url, String context,
    UserJson creator, OffsetDateTime createdAt, OffsetDateTime updatedAt, Integer progress) {}
