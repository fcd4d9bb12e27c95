package dev.samplehost.server.domain;

/** The state of a pull request review, with Gitea's names. */
public enum ReviewState {
  APPROVED, REQUEST_CHANGES, COMMENT, PENDING
}
