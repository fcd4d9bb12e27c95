package dev.tidings.e2e.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The answers the fuzzer accepts. WebSocket error codes and close codes are read from the tables in
 * docs/protocol.md (so the test follows the documented protocol as it grows), plus the protocol-level
 * close codes RFC 6455 gives for malformed frames. {@code internal} and 1011 are server failures,
 * never a defined answer to a bad input.
 */
final class AllowList {
  static final Path PROTOCOL = Path.of("..", "docs", "protocol.md");
  /** RFC 6455 codes Jetty uses for malformed frames, bad UTF-8, unsupported data and policy violations. */
  static final Set<Integer> RFC_CLOSE = Set.of(1000, 1002, 1003, 1007, 1008, 1009);
  /** What a malformed request may get over HTTP, from the plugin (docs) or Jetty's parser (414, 431). */
  static final Set<Integer> HTTP_ERRORS = Set.of(400, 401, 403, 404, 405, 413, 414, 415, 422, 429, 431);
  /** Reply types of docs/protocol.md ("Replies and pushes"). */
  static final Set<String> REPLY_TYPES = Set.of("subscribed", "unsubscribed", "pong", "event", "error",
      // Presence channels (docs/presence.md): snapshot, join, leave, typing.
      "presence", "join", "leave", "typing");
  /** Error codes that mean the server failed, not the input. */
  static final Set<String> SERVER_FAILURE_CODES = Set.of("internal");

  final Set<String> errorCodes;
  final Set<Integer> closeCodes;

  private AllowList(Set<String> errorCodes, Set<Integer> closeCodes) {
    this.errorCodes = errorCodes;
    this.closeCodes = closeCodes;
  }

  static AllowList fromDocs() throws IOException {
    String doc = Files.readString(PROTOCOL);
    Set<String> codes = new TreeSet<>();
    Matcher m = Pattern.compile("(?m)^\\| `([a-z_]+)` \\| (yes|no)").matcher(section(doc, "### Error codes"));
    while (m.find()) {
      codes.add(m.group(1));
    }
    codes.removeAll(SERVER_FAILURE_CODES);
    Set<Integer> close = new TreeSet<>(RFC_CLOSE);
    Matcher c = Pattern.compile("(?m)^\\| (\\d{4})").matcher(section(doc, "### Close codes"));
    while (c.find()) {
      int code = Integer.parseInt(c.group(1));
      if (code >= 4000 && code <= 4999) {
        close.add(code);
      }
    }
    if (codes.size() < 5 || !codes.contains("bad_request") || close.stream().noneMatch(x -> x >= 4000)) {
      throw new IllegalStateException("could not read the error and close code tables of " + PROTOCOL.toAbsolutePath()
          + ": " + codes + " " + close);
    }
    return new AllowList(Set.copyOf(codes), Set.copyOf(close));
  }

  private static String section(String doc, String heading) {
    int at = doc.indexOf(heading);
    if (at < 0) {
      return "";
    }
    int end = doc.indexOf("\n#", at + heading.length());
    return doc.substring(at, end < 0 ? doc.length() : end);
  }

  /** A code the server may echo back to a client that closed with it (or with no code: 1005). */
  static boolean echoable(int code) {
    return code == 1005 || (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014)
        || (code >= 3000 && code <= 4999);
  }

  /** Whether an HTTP status is a defined answer for {@code endpoint} (sse, poll, publish, handshake, garbage). */
  boolean httpOk(String endpoint, int status) {
    if (HTTP_ERRORS.contains(status)) {
      return true;
    }
    return switch (endpoint) {
      case "sse", "poll" -> status == 200;
      case "publish" -> status == 201 || status == 503; // 503: documented "could not be stored, retry later"
      case "handshake" -> status == 101 || status == 426; // 426: the ws path without an upgrade (WsPlainRequestRoute)
      // Garbage aimed at an endpoint may still be a request it serves (200, 426 on the ws path), or 505 (Jetty: unknown version).
      case "garbage" -> status == 200 || status == 426 || status == 505;
      default -> false;
    };
  }

  @Override
  public String toString() {
    return "error codes " + errorCodes + ", close codes " + closeCodes + ", HTTP " + new TreeSet<>(HTTP_ERRORS);
  }
}
