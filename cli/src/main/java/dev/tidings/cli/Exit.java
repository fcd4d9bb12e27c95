package dev.tidings.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** The exit codes of {@code tidings-cli} (listed in {@code --help} and docs/cli.md). */
public enum Exit {
  /** Normal end: {@code --count} reached, or interrupted (Ctrl-C). */
  OK(0, "normal end (--count reached, or Ctrl-C)"),
  /** An unexpected failure (a bug, or a server answer the CLI does not understand). */
  ERROR(1, "unexpected failure"),
  /** Bad usage: unknown option, bad value, a token on the command line, no server URL. */
  USAGE(2, "bad usage (unknown option, bad value, a token on the command line, no URL)"),
  /** Bad or revoked credentials: handshake 401, close 4501, {@code unauthenticated}. */
  AUTH(3, "bad or revoked credentials (HTTP 401, close 4501, unauthenticated)"),
  /** The channel cannot be read: the repository does not exist or is private to others, or access was revoked. */
  FORBIDDEN(4, "the repository does not exist or may not be read (forbidden), or access was revoked"),
  /** The server could not be reached (or kept refusing) for {@code --max-retries} attempts in a row. */
  UNREACHABLE(5, "server unreachable after --max-retries attempts"),
  /** The server does not speak {@code tidings.v1} ({@code unsupported_version}). */
  UNSUPPORTED_VERSION(6, "the server does not speak protocol tidings.v1");

  private final int code;
  private final String help;

  Exit(int code, String help) {
    this.code = code;
    this.help = help;
  }

  /** The exit codes and their one-line meanings, in order, for {@code --help}. */
  static Map<String, String> helpList() {
    Map<String, String> out = new LinkedHashMap<>();
    for (Exit e : values()) {
      out.put(Integer.toString(e.code), e.help);
    }
    return out;
  }

  /** The process exit status. */
  public int code() {
    return code;
  }
}
