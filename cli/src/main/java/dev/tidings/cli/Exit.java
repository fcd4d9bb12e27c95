package dev.tidings.cli;

/** The exit codes of {@code tidings-cli} (listed in {@code --help} and docs/cli.md). */
public enum Exit {
  /** Normal end: {@code --count} reached, or interrupted (Ctrl-C). */
  OK(0),
  /** An unexpected failure (a bug, or a server answer the CLI does not understand). */
  ERROR(1),
  /** Bad usage: unknown option, bad value, a token on the command line, no server URL. */
  USAGE(2),
  /** Bad or revoked credentials: handshake 401, close 4501, {@code unauthenticated}. */
  AUTH(3),
  /** The channel cannot be read: the repository does not exist or is private to others, or access was revoked. */
  FORBIDDEN(4),
  /** The server could not be reached (or kept refusing) for {@code --max-retries} attempts in a row. */
  UNREACHABLE(5),
  /** The server does not speak {@code tidings.v1} ({@code unsupported_version}). */
  UNSUPPORTED_VERSION(6);

  private final int code;

  Exit(int code) {
    this.code = code;
  }

  /** The process exit status. */
  public int code() {
    return code;
  }
}
