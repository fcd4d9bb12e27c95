package dev.samplehost.server.domain;

import java.time.Instant;
import java.util.List;

/** One commit as the host shows it (author, committer, full message, parents). */
public record CommitInfo(
    String sha, String message, String authorName, String authorEmail, Instant authorTime,
    String committerName, String committerEmail, Instant commitTime, List<String> parents) {

  /** The first line of the message. */
  public String summary() {
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
