package dev.samplehost.server.domain;

import java.time.Instant;

/** A comment on an issue or pull request ({@code issueNumber} within repository {@code repoId}). */
public record Comment(
    long id, long issueId, long repoId, long issueNumber, User author, String body, Instant created,
    Instant updated) {}
