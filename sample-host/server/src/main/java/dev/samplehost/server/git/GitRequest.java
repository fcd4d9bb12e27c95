package dev.samplehost.server.git;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A git HTTP request's repository and whether it pushes: {@code /{owner}/{repo}.git/...}, or (like
 * Gitea) the smart-HTTP endpoints without {@code .git}, so that cloning the page URL works too.
 */
public record GitRequest(String owner, String name, boolean receive) {
  private static final Pattern DOT_GIT = Pattern.compile("^/([^/]+)/([^/]+?)\\.git(/.*)?$");
  private static final Pattern SMART = Pattern.compile("^/([^/]+)/([^/]+)(/info/refs|/git-upload-pack|/git-receive-pack)$");

  /** Parses {@code path} (with leading slash) and the query string; empty if it is not a git path. */
  public static Optional<GitRequest> parse(String path, String query) {
    if (path == null) {
      return Optional.empty();
    }
    Matcher m = DOT_GIT.matcher(path);
    if (!m.matches()) {
      m = SMART.matcher(path);
      if (!m.matches()) {
        return Optional.empty();
      }
    }
    String rest = m.group(3) == null ? "" : m.group(3);
    boolean receive = rest.endsWith("/git-receive-pack")
        || (rest.endsWith("/info/refs") && query != null && query.contains("service=git-receive-pack"));
    return Optional.of(new GitRequest(m.group(1), m.group(2), receive));
  }

  /** Whether {@code path} is a git HTTP path. */
  public static boolean matches(String path) {
    return path != null && (DOT_GIT.matcher(path).matches() || SMART.matcher(path).matches());
  }
}
