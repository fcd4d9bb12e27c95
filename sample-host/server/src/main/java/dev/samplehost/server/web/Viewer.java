package dev.samplehost.server.web;

import dev.samplehost.api.InvalidCredentialsException;
import dev.samplehost.server.auth.HostAuthenticator;
import dev.samplehost.server.domain.User;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.jetty.server.Request;

/**
 * Who is looking at a web page (session cookie or credentials); bad credentials count as anonymous.
 * A token counts only as far as its scopes reach: pages show repositories, so a token without
 * {@code read:repository}, or a {@code public-only} one, sees the pages an anonymous visitor sees
 * (a private repository is then 404, as for any outsider). Page forms need the session's CSRF
 * token, so a token never writes through a page.
 */
@Singleton
public class Viewer {
  private final HostAuthenticator authenticator;

  /** The viewer ({@code user} null when anonymous) and their session's CSRF token (null without a session). */
  public record Who(User user, String csrf, String sessionId) {}

  @Inject
  Viewer(HostAuthenticator authenticator) {
    this.authenticator = authenticator;
  }

  /** The viewer of {@code request}. */
  public Who of(Request request) {
    try {
      HostAuthenticator.Result r = authenticator.authenticateDetailed(request);
      if (r.session() != null) {
        return new Who(r.user(), r.session().csrf(), r.session().id());
      }
      if (r.user() != null && (!r.identity().allows("repository", false) || r.identity().scopes().publicOnly())) {
        return new Who(null, null, null);
      }
      return new Who(r.user(), null, null);
    } catch (InvalidCredentialsException e) {
      return new Who(null, null, null);
    }
  }
}
