package dev.samplehost.api;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a credential may do, in Gitea's token scope model: {@code read:<category>} or
 * {@code write:<category>} (a write scope covers the read), {@code all}, and {@code public-only}
 * (public repositories and organisations only). Passwords and sessions are {@link #unrestricted()}.
 * Categories: {@code repository}, {@code issue}, {@code notification}, {@code organization},
 * {@code user}, {@code admin}, {@code package}, {@code misc}, {@code activitypub}.
 */
public record Scopes(Set<String> granted) {
  private static final Scopes UNRESTRICTED = new Scopes(Set.of("all"));

  public Scopes {
    granted = granted.stream().map(s -> s.trim().toLowerCase(Locale.ROOT))
        .filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
  }

  /** Every scope: passwords, sessions, and tokens made with {@code all} or with no scopes. */
  public static Scopes unrestricted() {
    return UNRESTRICTED;
  }

  /** The scopes of a token; an empty list means a full token (the host's own pages make those). */
  public static Scopes of(java.util.Collection<String> scopes) {
    return scopes.isEmpty() ? UNRESTRICTED : new Scopes(Set.copyOf(scopes));
  }

  /** Whether {@code category} may be read ({@code write == false}) or written. */
  public boolean allows(String category, boolean write) {
    if (granted.contains("all")) {
      return true;
    }
    return granted.contains("write:" + category) || (!write && granted.contains("read:" + category));
  }

  /** Whether only public repositories and organisations may be reached with this credential. */
  public boolean publicOnly() {
    return granted.contains("public-only");
  }

  /** The scope name {@code allows(category, write)} asks for, for error messages. */
  public static String needed(String category, boolean write) {
    return (write ? "write:" : "read:") + category;
  }
}
