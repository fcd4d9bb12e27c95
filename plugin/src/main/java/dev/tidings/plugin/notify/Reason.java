package dev.tidings.plugin.notify;

import java.util.Locale;

/**
 * Why a user has a notification thread (GitHub's vocabulary); a thread keeps the strongest reason
 * it ever had, in the order of {@link #rank()}.
 */
public enum Reason {
  SUBSCRIBED(10),
  /** Subscribed to this one issue or pull request (GitHub's {@code manual}). */
  MANUAL(15),
  PUSH(20),
  STATE_CHANGE(30),
  COMMENT(40),
  AUTHOR(50),
  ASSIGN(60),
  REVIEW_REQUESTED(70),
  MENTION(80);

  private final int rank;

  Reason(int rank) {
    this.rank = rank;
  }

  /** Higher is stronger; an update never replaces a stronger reason with a weaker one. */
  public int rank() {
    return rank;
  }

  /** The wire name ({@code review_requested}). */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The stronger of two reasons (null counts as weakest). */
  public static Reason stronger(Reason a, Reason b) {
    if (a == null) {
      return b;
    }
    return b == null || a.rank >= b.rank ? a : b;
  }

  /** Parses a wire name. */
  public static Reason fromWire(String wire) {
    return valueOf(wire.toUpperCase(Locale.ROOT));
  }
}
