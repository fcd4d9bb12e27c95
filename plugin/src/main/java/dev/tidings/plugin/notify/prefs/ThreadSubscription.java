package dev.tidings.plugin.notify.prefs;

import java.util.Locale;
import java.util.Optional;

/** A user's choice for one issue or pull request; no row means the repository's rules apply. */
public record ThreadSubscription(
    long userId, String login, long repoId, String owner, String name, long number, State state, long createdAt) {

  /** {@code subscribed}: all activity on it, as if watching; {@code muted}: nothing from it. */
  public enum State {
    SUBSCRIBED,
    MUTED;

    /** The wire and column name. */
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name (case-sensitive, as the API documents it). */
    public static Optional<State> parse(String s) {
      for (State v : values()) {
        if (v.wire().equals(s)) {
          return Optional.of(v);
        }
      }
      return Optional.empty();
    }
  }
}
