package dev.tidings.plugin.ops;

import dev.samplehost.api.AuthMethod;
import dev.samplehost.api.Authenticator;
import dev.samplehost.api.Identity;
import dev.samplehost.api.InvalidCredentialsException;
import dev.tidings.plugin.web.HttpProblem;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.jetty.server.Request;

/** Who publishes: a signed-in user with credentials in the {@code Authorization} header, else 401. */
@Singleton
final class PublishCaller {

  private static final String CHALLENGE = "Bearer realm=\"tidings\", Basic realm=\"tidings\"";

  private final Authenticator authenticator;

  @Inject
  PublishCaller(Authenticator authenticator) {
    this.authenticator = authenticator;
  }

  /** The caller's identity, which has a user; 401 {@code unauthenticated} otherwise. */
  Identity of(Request request) {
    Identity who;
    try {
      who = authenticator.authenticate(request);
    } catch (InvalidCredentialsException e) {
      throw refused(e.getMessage() == null ? "Invalid credentials" : e.getMessage());
    }
    if (who.user().isEmpty()) {
      throw refused("Publishing needs a token or Basic credentials");
    }
    if (who.method() == AuthMethod.SESSION_COOKIE) {
      // A browser's cookie could be used by any page the user visits (CSRF): tokens only.
      throw refused("Publishing needs an Authorization header (token or Basic); a session cookie is not accepted");
    }
    return who;
  }

  private static HttpProblem refused(String message) {
    return HttpProblem.unauthenticated(message).withHeader("WWW-Authenticate", CHALLENGE);
  }
}
