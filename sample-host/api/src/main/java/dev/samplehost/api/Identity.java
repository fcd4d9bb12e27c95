package dev.samplehost.api;

import java.util.Optional;

/**
 * Who is making a request, how they proved it, what that credential may do, and which credential
 * it was: {@code credential} is an opaque, stable id of the session or token (never the secret
 * itself), so that a plugin can ask {@link Authenticator#isCurrent} later whether it still holds.
 */
public record Identity(Optional<UserRef> user, AuthMethod method, Scopes scopes, Optional<String> credential) {

  /** An identity with every scope and no credential to re-check (passwords, tests). */
  public Identity(Optional<UserRef> user, AuthMethod method) {
    this(user, method, Scopes.unrestricted(), Optional.empty());
  }

  /** The identity of a request that carries no credentials. */
  public static Identity anonymous() {
    return new Identity(Optional.empty(), AuthMethod.ANONYMOUS);
  }

  /** The login, or null when anonymous. */
  public String login() {
    return user.map(UserRef::login).orElse(null);
  }

  /** Whether this credential may read ({@code write == false}) or write {@code category}. */
  public boolean allows(String category, boolean write) {
    return scopes.allows(category, write);
  }
}
