package dev.tidings.plugin.notify;

import java.util.Locale;
import java.util.Optional;

/** A thread's status with Gitea's stored values (1 unread, 2 read, 3 pinned). */
public enum ThreadStatus {
  UNREAD(1),
  READ(2),
  PINNED(3);

  private final int code;

  ThreadStatus(int code) {
    this.code = code;
  }

  /** The value stored in the database. */
  public int code() {
    return code;
  }

  /** The wire name. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status stored as {@code code}. */
  public static ThreadStatus ofCode(int code) {
    for (ThreadStatus s : values()) {
      if (s.code == code) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown thread status " + code);
  }

  /** Parses a query value case-insensitively and trimmed; empty for unknown values (Gitea drops them). */
  public static Optional<ThreadStatus> parse(String value) {
    if (value == null) {
      return Optional.empty();
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "unread" -> Optional.of(UNREAD);
      case "read" -> Optional.of(READ);
      case "pinned" -> Optional.of(PINNED);
      default -> Optional.empty();
    };
  }
}
