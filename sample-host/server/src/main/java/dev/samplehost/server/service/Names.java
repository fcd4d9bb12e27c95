package dev.samplehost.server.service;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Gitea's naming rules for users, organisations and repositories. */
public final class Names {
  private static final Pattern ALPHA_DASH_DOT = Pattern.compile("[A-Za-z0-9_.-]+");
  /** Top-level paths the host serves itself, so no account may be named like them. */
  private static final Set<String> RESERVED_ACCOUNTS = Set.of(
      "api", "user", "users", "org", "orgs", "plugins", "healthz", "assets", "static", "admin",
      "explore", "login", "logout", "repo", "repos", "settings", "new", "favicon.ico", ".", "..");
  private static final Set<String> RESERVED_REPOS = Set.of(".", "..", "-", ".git");

  private Names() {}

  /** Validates an account name; {@code field} is the Go field name used in the error. */
  public static String account(String field, String name) {
    if (name == null || name.isBlank()) {
      throw new ValidationException(field, "Required");
    }
    if (!ALPHA_DASH_DOT.matcher(name).matches()) {
      throw new ValidationException(field, "AlphaDashDot");
    }
    if (name.length() > 40) {
      throw new ValidationException(field, "MaxSize(40)");
    }
    if (RESERVED_ACCOUNTS.contains(name.toLowerCase(Locale.ROOT))) {
      throw new ValidationException("name is reserved [name: " + name + "]");
    }
    return name;
  }

  /** Validates a repository name. */
  public static String repository(String name) {
    if (name == null || name.isBlank()) {
      throw new ValidationException("Name", "Required");
    }
    if (!ALPHA_DASH_DOT.matcher(name).matches()) {
      throw new ValidationException("Name", "AlphaDashDot");
    }
    if (name.length() > 100) {
      throw new ValidationException("Name", "MaxSize(100)");
    }
    String lower = name.toLowerCase(Locale.ROOT);
    if (RESERVED_REPOS.contains(lower) || lower.endsWith(".git") || lower.endsWith(".wiki")) {
      throw new ValidationException("repo name is reserved [name: " + name + "]");
    }
    return name;
  }
}
