package dev.samplehost.api;

import java.util.Optional;

/** Who is making a request and how they proved it; anonymous requests have no user. */
public record Identity(Optional<UserRef> user, AuthMethod method) {

  /** The identity of a request that carries no credentials. */
  public static Identity anonymous() {
    return new Identity(Optional.empty(), AuthMethod.ANONYMOUS);
  }

  /** The login, or null when anonymous. */
  public String login() {
    return user.map(UserRef::login).orElse(null);
  }
}
