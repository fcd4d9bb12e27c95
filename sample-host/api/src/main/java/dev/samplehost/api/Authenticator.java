package dev.samplehost.api;

import org.eclipse.jetty.server.Request;

/**
 * Tells who makes an HTTP request or a WebSocket upgrade (which is a {@link Request} too): the
 * host's session cookie, {@code Authorization: Basic}, {@code token} or {@code Bearer}.
 */
public interface Authenticator {

  /** The identity behind {@code request}; anonymous when it carries no credentials. */
  Identity authenticate(Request request) throws InvalidCredentialsException;

  /**
   * Whether the credential behind {@code identity} still holds: the session was not signed out or
   * expired, the token was not deleted, the user still exists. Long-lived connections ask this
   * periodically and close when it turns false. Anonymous identities are always current.
   */
  default boolean isCurrent(Identity identity) {
    return true;
  }
}
