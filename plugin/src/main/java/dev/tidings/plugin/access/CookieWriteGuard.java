package dev.tidings.plugin.access;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * Refuses writes to the plugin's own routes that ride on the session cookie from a page of another
 * origin (CSRF): a browser attaches the cookie to any site's request but always names that site in
 * {@code Origin} on a POST, PUT, PATCH or DELETE. Reads, header credentials and clients that send
 * no browser headers at all are left alone, as in {@link HandshakeGuard}. {@code Authorization: Basic}
 * is ambient like the cookie (browsers cache it after a challenge), so a foreign page's write with
 * it is refused too; only {@code token}/{@code Bearer} headers count from anywhere. A blank
 * {@code Authorization} header does not skip the guard (and the host refuses it as credentials).
 */
@Singleton
public final class CookieWriteGuard {

  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

  private final OriginPolicy origins;

  /** A guard over the origin allow-list. */
  @Inject
  public CookieWriteGuard(OriginPolicy origins) {
    this.origins = origins;
  }

  /** Whether {@code request} is a cookie-carrying write from a foreign page. */
  public boolean refuses(Request request) {
    if (SAFE_METHODS.contains(request.getMethod())) {
      return false;
    }
    String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    if (authorization != null && !authorization.isBlank()) {
      return OriginPolicy.basicAuthorization(request) && origins.foreignPage(request);
    }
    if (!request.getHeaders().contains(HttpHeader.COOKIE)) {
      return false;
    }
    String origin = request.getHeaders().get(HttpHeader.ORIGIN);
    if (origin != null) {
      return !origins.allows(origin, request.getHeaders().get(HttpHeader.HOST));
    }
    String site = request.getHeaders().get("Sec-Fetch-Site");
    return site != null && !site.equals("same-origin") && !site.equals("none");
  }
}
