package dev.samplehost.api;

import org.eclipse.jetty.server.Request;

/**
 * Tells who makes an HTTP request or a WebSocket upgrade (which is a {@link Request} too): the
 * host's session cookie, {@code Authorization: Basic}, {@code token} or {@code Bearer}.
 */
public interface Authenticator {

  /** The identity behind {@code request}; anonymous when it carries no credentials. */
  Identity authenticate(Request request) throws InvalidCredentialsException;
}
