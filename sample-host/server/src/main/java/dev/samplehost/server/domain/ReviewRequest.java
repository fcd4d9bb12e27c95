package dev.samplehost.server.domain;

import java.time.Instant;

/** A pending request for {@code reviewer} to review pull request {@code number}. */
public record ReviewRequest(long issueId, long number, User reviewer, Instant created) {}
