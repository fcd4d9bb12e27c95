package dev.samplehost.server.domain;

import java.util.Locale;
import java.util.Optional;

/** How to merge a pull request (Gitea's {@code Do}); {@code MERGE} fast-forwards when it can. */
public enum MergeStyle {
  MERGE("merge"), FAST_FORWARD_ONLY("fast-forward-only"), SQUASH("squash"), REBASE("rebase"),
  REBASE_MERGE("rebase-merge"), MANUALLY_MERGED("manually-merged");

  private final String wire;

  MergeStyle(String wire) {
    this.wire = wire;
  }

  /** Gitea's name of the style. */
  public String wireName() {
    return wire;
  }

  /** The style named {@code value} (Gitea's spelling, case-insensitive). */
  public static Optional<MergeStyle> parse(String value) {
    if (value == null) {
      return Optional.empty();
    }
    String v = value.trim().toLowerCase(Locale.ROOT);
    for (MergeStyle s : values()) {
      if (s.wire.equals(v)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
