package dev.samplehost.server.domain;

import java.time.Instant;

/**
 * One commit status: {@code context}'s {@code state} on commit {@code sha}; {@code progress} (0-100)
 * is null when the poster gave none; {@code creator} is null when the account is gone.
 */
public record CommitStatus(
    long id, long repoId, String sha, String context, CommitState state, String description,
    String targetUrl, Integer progress, User creator, Instant created, Instant updated) {}
