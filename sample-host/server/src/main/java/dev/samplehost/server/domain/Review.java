package dev.samplehost.server.domain;

import java.time.Instant;

/** A review of a pull request; {@code commitId} is the head it was made against. */
public record Review(
    long id, long issueId, long repoId, long number, User reviewer, ReviewState state, String body,
    String commitId, Instant submitted, Instant updated) {}
