package dev.samplehost.server.git;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A smart-HTTP request's repository ({@code /{owner}/{repo}.git/...}) and whether it pushes. */
public record GitRequest(String owner, String name, boolean receive) {
  private static final Pattern PATH = Pattern.compile("^/([^/]+)/([^/]+?)\\.git(/.*)?$");

  /** Parses {@code path} (with leading slash) and the query string; empty if it is not a git path. */
  public static Optional<GitRequest> parse(String path, String query) {
    if (path == null) {
      return Optional.empty();
    }
    Matcher m = PATH.matcher(path);
    if (!m.matches()) {
      return Optional.empty();
    }
    String rest = m.group(3) == null ? "" : m.group(3);
    boolean receive = rest.endsWith("/git-receive-pack")
        || (rest.endsWith("/info/refs") && query != null && query.contains("service=git-receive-pack"));
    return Optional.of(new GitRequest(m.group(1), m.group(2), receive));
  }

  /** Whether {@code path} looks like a git smart-HTTP path. */
  public static boolean matches(String path) {
    return path != null && PATH.matcher(path).matches();
  }
}
