package dev.samplehost.server.rest;

import dev.samplehost.api.Scopes;
import dev.samplehost.server.domain.AccessToken;
import java.util.List;

/**
 * Gitea's token scope check: GET needs {@code read:<category>}, other methods {@code write:<category>};
 * {@code all} and a write scope cover the read. Password and session callers have every scope.
 */
final class TokenScopes {

  private TokenScopes() {}

  /** The scope categories a route under {@code /api/v1} needs (Gitea's table). */
  static List<String> categories(String path) {
    if (path.equals("/version")) {
      return List.of();
    }
    if (path.startsWith("/admin/")) {
      return List.of("admin");
    }
    if (path.equals("/notifications") || path.startsWith("/notifications/")) {
      return List.of("notification");
    }
    if (path.equals("/user/repos")) {
      return List.of("user", "repository");
    }
    if (path.equals("/user") || path.startsWith("/user/") || path.startsWith("/users/")) {
      return List.of("user");
    }
    if (path.startsWith("/orgs") || path.startsWith("/org/") || path.startsWith("/teams/")) {
      return List.of("organization");
    }
    String[] parts = path.split("/");
    if (parts.length > 4 && parts[1].equals("repos") && parts[4].equals("issues")) {
      return List.of("issue");
    }
    if (parts.length > 4 && parts[1].equals("repos") && parts[4].equals("notifications")) {
      return List.of("notification");
    }
    return List.of("repository");
  }

  /** 403 unless {@code token} (null: not a token call) allows {@code method} on {@code path}. */
  static void check(AccessToken token, String method, String path) {
    // Tokens made without scopes by the host's own pages are treated as full tokens.
    check(token == null ? Scopes.unrestricted() : Scopes.of(token.scopes()), method, path);
  }

  /**
   * 403 naming the missing scope unless {@code scopes} allow {@code method} on {@code path}.
   * ({@code public-only} is not a category: {@link PublicOnlyGuard} applies it.)
   */
  static void check(Scopes scopes, String method, String path) {
    boolean write = !method.equals("GET") && !method.equals("HEAD");
    for (String category : categories(path)) {
      if (!scopes.allows(category, write)) {
        throw ApiException.forbidden("token does not have at least one of required scope(s): ["
            + Scopes.needed(category, write) + "]");
      }
    }
  }
}
