package dev.tidings.plugin.notify.prefs;

import java.util.Locale;
import java.util.Optional;

/** How much of a repository's activity reaches a user. */
public enum WatchLevel {
  /** All activity. */
  WATCHING,
  /** Threads the user takes part in, and mentions (the default). */
  PARTICIPATING,
  /** Only mentions and review requests. */
  MENTIONS,
  /** Nothing. */
  IGNORE,
  /** Participating plus the chosen {@link EventKind}s as if watching. */
  CUSTOM;

  /** The wire name. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a wire name exactly (lower case), or empty. */
  public static Optional<WatchLevel> parse(String value) {
    for (WatchLevel l : values()) {
      if (l.wire().equals(value)) {
        return Optional.of(l);
      }
    }
    return Optional.empty();
  }
}
