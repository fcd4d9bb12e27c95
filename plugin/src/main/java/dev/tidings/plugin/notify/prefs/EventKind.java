package dev.tidings.plugin.notify.prefs;

import java.util.Locale;
import java.util.Optional;

/**
 * The kinds of activity a user chooses for a {@code custom} watch level and toggles per channel
 * (in-app inbox, desktop); the first five are watchable, the last two are about the user directly.
 */
public enum EventKind {
  PUSHES(true),
  PRS(true),
  ISSUES(true),
  COMMENTS(true),
  REVIEWS(true),
  MENTIONS(false),
  ASSIGNMENTS(false);

  private final boolean watchable;

  EventKind(boolean watchable) {
    this.watchable = watchable;
  }

  /** Whether a {@code custom} level may choose this kind. */
  public boolean watchable() {
    return watchable;
  }

  /** The wire name. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a wire name exactly, or empty. */
  public static Optional<EventKind> parse(String value) {
    for (EventKind k : values()) {
      if (k.wire().equals(value)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }
}
