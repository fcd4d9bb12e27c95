package dev.samplehost.server.domain;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Gitea's {@code CommitStatusState}, worst first: the order is the priority of the combined state. */
public enum CommitState {
  ERROR, FAILURE, WARNING, PENDING, SUCCESS;

  /** The wire name ({@code pending}, ...). */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The state named {@code wire} (exact lower case, as Gitea compares). */
  public static Optional<CommitState> of(String wire) {
    for (CommitState s : values()) {
      if (s.wire().equals(wire)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /**
   * Gitea's {@code CalcCommitStatus} over the latest status of each context: the worst state wins
   * (error, failure, warning, pending, success); empty when there is no status.
   */
  public static Optional<CommitState> combine(Collection<CommitState> latestPerContext) {
    return latestPerContext.stream().min(Enum::compareTo);
  }
}
