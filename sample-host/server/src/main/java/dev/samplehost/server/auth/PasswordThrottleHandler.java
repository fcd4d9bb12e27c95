package dev.samplehost.server.auth;

import dev.samplehost.server.service.AccessTokenService;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Answers 429 with {@code Retry-After} to a request whose {@code Authorization: Basic} carries a
 * password (not a token) while its address or account has to wait, before any route runs: the
 * same answer on the API, git, the web pages and every plugin route (WebSocket handshake, SSE,
 * long-poll, publish, metrics), and no PBKDF2 work for the guesser. Token credentials pass: a
 * guesser must not lock the account's owner out of their scripts and git remotes.
 */
public final class PasswordThrottleHandler extends Handler.Wrapper {

  private final LoginThrottle throttle;
  private final AccessTokenService tokens;

  public PasswordThrottleHandler(Handler next, LoginThrottle throttle, AccessTokenService tokens) {
    super(next);
    this.throttle = throttle;
    this.tokens = tokens;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String[] basic = basic(request.getHeaders().get(HttpHeader.AUTHORIZATION));
    if (basic != null) {
      long wait = throttle.retryAfterSeconds(Request.getRemoteAddr(request), basic[0]);
      // Only a waiting caller pays for the token lookup: a token in the password field passes.
      if (wait > 0 && tokens.resolveToken(basic[1]).isEmpty()) {
        refuse(request, response, callback, new TooManyAttemptsException(wait));
        return true;
      }
    }
    return super.handle(request, response, callback);
  }

  /** User name and password of a Basic header that may carry a password, or null (no Basic, or a token form). */
  private static String[] basic(String header) {
    if (header == null || header.length() < 6 || !header.regionMatches(true, 0, "basic ", 0, 6)) {
      return null;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) {
      return null;
    }
    String password = decoded.substring(colon + 1);
    if (password.isEmpty() || "x-oauth-basic".equals(password)) {
      return null;
    }
    return new String[] {decoded.substring(0, colon), password};
  }

  /** 429 in the caller's dialect: Gitea's {@code {"message"}} JSON, or plain text for git and pages. */
  static void refuse(Request request, Response response, Callback callback, TooManyAttemptsException e) {
    response.setStatus(429);
    response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    String path = Request.getPathInContext(request);
    if (path.startsWith("/api/") || path.startsWith("/plugins/")) {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");
      dev.samplehost.server.web.SecurityHeaders.api(response);
      Content.Sink.write(response, true, "{\"message\":\"" + e.getMessage() + "\",\"code\":\"rate_limited\"}", callback);
    } else {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
      Content.Sink.write(response, true, e.getMessage() + "\n", callback);
    }
  }
}
