package dev.tidings.plugin.access;

import dev.samplehost.api.AuthMethod;
import dev.samplehost.api.Authenticator;
import dev.samplehost.api.Identity;
import dev.samplehost.api.InvalidCredentialsException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

/**
 * Who opens a WebSocket, SSE stream or long-poll, through the host's {@link Authenticator}. The
 * session cookie is ambient (a browser sends it for any page), so it counts only when the request
 * comes from an allowed origin; header credentials ({@code Authorization}) are for other clients
 * and count from anywhere, except {@code Basic}, which a browser caches and attaches by itself: from
 * a foreign page (an {@code Origin} not allowed, or {@code Sec-Fetch-Site: cross-site}/{@code same-site})
 * only {@code token}/{@code Bearer} count. Wrong credentials (a blank header too) are refused, never downgraded to anonymous, and
 * credentials in the URL are refused outright so that they never reach logs and histories.
 */
@Singleton
public final class HandshakeGuard {

  /** Query parameters that carry credentials elsewhere and are refused here. */
  private static final Set<String> URL_CREDENTIALS = Set.of("access_token", "token", "password", "auth", "authorization");

  /** The outcome: an identity, or an HTTP status with a protocol error code and message. */
  public record Admission(Identity identity, int status, String code, String message) {

    /** Whether the request may go on. */
    public boolean admitted() {
      return identity != null;
    }
  }

  private final Authenticator authenticator;
  private final OriginPolicy origins;

  /** A guard asking the host's authenticator. */
  @Inject
  public HandshakeGuard(Authenticator authenticator, OriginPolicy origins) {
    this.authenticator = authenticator;
    this.origins = origins;
  }

  /**
   * Admits or refuses {@code request}; {@code websocket} requires an {@code Origin} header with a
   * session cookie (browsers always send one on upgrades), while same-origin SSE and long-poll
   * requests may lack it (browsers omit it on same-origin GETs) unless {@code Sec-Fetch-Site} says
   * the request came from another site.
   */
  public Admission admit(Request request, boolean websocket) {
    Fields query = Request.extractQueryParameters(request);
    for (String name : query.getNames()) {
      if (URL_CREDENTIALS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
        return new Admission(null, 400, "bad_request",
            "Credentials are not accepted in the URL (" + name + "); send an Authorization header or use the session cookie");
      }
    }
    Identity identity;
    try {
      identity = authenticator.authenticate(request);
    } catch (InvalidCredentialsException e) {
      return new Admission(null, 401, "unauthenticated", e.getMessage() == null ? "Bad credentials" : e.getMessage());
    }
    if (identity.method() == AuthMethod.SESSION_COOKIE && !cookieAllowed(request, websocket)) {
      return new Admission(null, 403, "forbidden",
          "The session cookie is accepted only from the host's own pages or ws.allowedOrigins; this Origin is not allowed");
    }
    // Decided on what authenticated, plus the header's scheme: Basic with a token inside is as ambient.
    boolean basic = identity.method() == AuthMethod.BASIC_PASSWORD
        || (identity.method() == AuthMethod.TOKEN && OriginPolicy.basicAuthorization(request));
    if (basic && origins.foreignPage(request)) {
      return new Admission(null, 403, "forbidden",
          "Basic credentials are not accepted from another site's page; send Authorization: token <token> or Bearer");
    }
    return new Admission(identity, 200, null, null);
  }

  private boolean cookieAllowed(Request request, boolean websocket) {
    String origin = request.getHeaders().get(HttpHeader.ORIGIN);
    if (origin != null) {
      return origins.allows(origin, request.getHeaders().get(HttpHeader.HOST));
    }
    if (websocket) {
      return false;
    }
    String site = request.getHeaders().get("Sec-Fetch-Site");
    return site == null || site.equals("same-origin") || site.equals("none");
  }
}
