package dev.samplehost.server.rest;

import dev.samplehost.api.AccessControl;
import dev.samplehost.api.AuthMethod;
import dev.samplehost.api.Authenticator;
import dev.samplehost.api.Directory;
import dev.samplehost.api.Identity;
import dev.samplehost.api.InvalidCredentialsException;
import dev.samplehost.api.UserRef;
import dev.samplehost.server.auth.AuthSettings;
import dev.samplehost.server.auth.HostAuthenticator;
import dev.samplehost.server.auth.Passwords;
import dev.samplehost.server.auth.SessionService;
import dev.samplehost.server.auth.TooManyAttemptsException;
import dev.samplehost.server.domain.AccessToken;
import dev.samplehost.server.domain.TokenLogin;
import dev.samplehost.server.service.AccessTokenService;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

/**
 * Resolves the API caller from every form Gitea accepts: {@code token}/{@code Bearer} headers,
 * {@code ?token=}/{@code ?access_token=} (only with {@link AuthSettings#queryTokens()}), and Basic with a password, a token as password, or a
 * token as user name (empty password or {@code x-oauth-basic}). The host's {@link Authenticator}
 * does the checking; this class only rewrites the Gitea-specific forms into a token header.
 */
@Singleton
public final class ApiAuth {

  /** The header a cookie-authenticated write carries the session's CSRF token in (Gitea's name). */
  public static final String CSRF_HEADER = "X-Csrf-Token";
  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

  private final Authenticator authenticator;
  private final AccessControl access;
  private final Directory directory;
  private final AccessTokenService tokens;
  private final AuthSettings settings;

  @Inject
  ApiAuth(Authenticator authenticator, AccessControl access, Directory directory, AccessTokenService tokens,
      AuthSettings settings) {
    this.settings = settings;
    this.authenticator = authenticator;
    this.access = access;
    this.directory = directory;
    this.tokens = tokens;
  }

  /**
   * The access token a request presents, in any of Gitea's forms ({@code ?token=},
   * {@code ?access_token=}, a {@code token}/{@code Bearer} header, a token in Basic), or null when it
   * presents none or an unknown one. Never checks a password: used to apply a token's scopes to
   * routes the host does not answer itself (a plugin answers those, and checks the credentials).
   */
  public AccessToken presentedToken(Request request, Fields query) {
    String candidate = queryToken(query);
    String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    if ((candidate == null || candidate.isBlank()) && header != null) {
      String[] parts = header.trim().split("\\s+", 2);
      String scheme = parts[0].toLowerCase(java.util.Locale.ROOT);
      String value = parts.length == 2 ? parts[1].trim() : "";
      if (scheme.equals("token") || scheme.equals("bearer")) {
        candidate = value;
      } else if (scheme.equals("basic")) {
        candidate = basicTokenCandidate(value);
      }
    }
    if (candidate == null || candidate.isBlank()) {
      return null;
    }
    return tokens.resolveToken(candidate).map(TokenLogin::token).orElse(null);
  }

  /** {@code ?token=} or {@code ?access_token=} when the host accepts tokens in the URL, else null. */
  private String queryToken(Fields query) {
    if (!settings.queryTokens()) {
      return null; // the authenticator refuses them with a clear 401
    }
    String candidate = query.getValue("token");
    return candidate != null && !candidate.isBlank() ? candidate : query.getValue("access_token");
  }

  /** In Basic, a token is the user name (empty password or x-oauth-basic) or the password. */
  private static String basicTokenCandidate(String encoded) {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    String user = colon < 0 ? decoded : decoded.substring(0, colon);
    String password = colon < 0 ? "" : decoded.substring(colon + 1);
    return password.isEmpty() || "x-oauth-basic".equals(password) ? user : password;
  }

  /** The caller of {@code request}; 401 with the reason when the credentials are wrong. */
  public Identity identify(Request request, Fields query) {
    // The host's authenticator already reads ?token=/?access_token= on /api/v1 (before the header,
    // as Gitea does) and the token/Bearer headers; only Basic needs Gitea's extra leniency here.
    String queryToken = queryToken(query);
    String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    if ((queryToken == null || queryToken.isBlank()) && header != null) {
      String[] parts = header.trim().split("\\s+", 2);
      if (parts.length == 2 && parts[0].equalsIgnoreCase("basic")) {
        return basic(request, parts[1]);
      }
    }
    return authenticate(request);
  }

  /**
   * Refuses a write authenticated by the session cookie alone unless it carries the session's CSRF
   * token in {@code X-Csrf-Token} (the host pages expose it as {@code data-host-csrf}), like Gitea:
   * a cookie rides along with requests from any page, a token or password header does not.
   */
  public void checkCsrf(Request request, Identity identity) {
    if (SAFE_METHODS.contains(request.getMethod())) {
      return;
    }
    if (identity.method() != AuthMethod.SESSION_COOKIE) {
      checkAmbientBasic(request);
      return;
    }
    Object session = request.getAttribute(HostAuthenticator.SESSION_ATTRIBUTE);
    String expected = session instanceof SessionService.Session s ? s.csrf() : null;
    if (!Passwords.secretsEqual(expected, request.getHeaders().get(CSRF_HEADER))) {
      throw ApiException.forbidden("Invalid CSRF token: send the page's data-host-csrf value in " + CSRF_HEADER);
    }
  }

  /**
   * Refuses a write with {@code Authorization: Basic} that a browser sends from another site: a
   * browser caches Basic credentials after a challenge and attaches them like a cookie, so from a
   * foreign page only {@code token}/{@code Bearer} headers (which a page must set itself) count.
   */
  private static void checkAmbientBasic(Request request) {
    String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    if (header == null || !header.trim().regionMatches(true, 0, "basic", 0, 5) || !crossSite(request)) {
      return;
    }
    throw ApiException.forbidden("Basic credentials are not accepted from another site's page;"
        + " send Authorization: token <token>");
  }

  /** Whether a browser says the request comes from a page of another origin. */
  static boolean crossSite(Request request) {
    String site = request.getHeaders().get("Sec-Fetch-Site");
    if (site != null && (site.equals("cross-site") || site.equals("same-site"))) {
      return true;
    }
    String origin = request.getHeaders().get(HttpHeader.ORIGIN);
    if (origin == null) {
      return false;
    }
    String host = request.getHeaders().get(HttpHeader.HOST);
    int scheme = origin.indexOf("://");
    return host == null || scheme < 0 || !origin.substring(scheme + 3).equalsIgnoreCase(host);
  }

  /**
   * {@link #checkCsrf} for a request this class has not identified (a plugin's route): only a write
   * that carries the session cookie and no other credentials is looked at, so nothing else changes.
   */
  public void checkCookieWrite(Request request) {
    if (!SAFE_METHODS.contains(request.getMethod())) {
      checkAmbientBasic(request);
    }
    if (SAFE_METHODS.contains(request.getMethod()) || request.getHeaders().contains(HttpHeader.AUTHORIZATION)
        || !hasSessionCookie(request)) {
      return;
    }
    Fields query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
    if (queryToken(query) != null) {
      return;
    }
    checkCsrf(request, authenticate(request));
  }

  private static boolean hasSessionCookie(Request request) {
    for (org.eclipse.jetty.http.HttpCookie c : Request.getCookies(request)) {
      if (SessionService.COOKIE.equals(c.getName())) {
        return true;
      }
    }
    return false;
  }

  /** The access token the request authenticated with, or null (password, session, anonymous). */
  public AccessToken token(Request request) {
    return request.getAttribute(HostAuthenticator.TOKEN_ATTRIBUTE) instanceof AccessToken token ? token : null;
  }

  /**
   * Applies Gitea's {@code Sudo} header or {@code ?sudo=}: site admins act as another user,
   * anyone else gets 403.
   */
  public Identity sudo(Request request, Fields query, Identity caller) {
    String target = query.getValue("sudo");
    if (target == null) {
      target = request.getHeaders().get("Sudo");
    }
    if (target == null || target.isBlank()) {
      return caller;
    }
    if (caller.login() == null || !access.isAdmin(caller.login())) {
      throw ApiException.forbidden("Only administrators allowed to sudo.");
    }
    String login = target.trim();
    UserRef user = directory.user(login).orElseThrow(() -> ApiException.notFound(
        "user does not exist [uid: 0, name: " + login + "]"));
    return new Identity(Optional.of(user), caller.method(), caller.scopes(), caller.credential());
  }

  private Identity basic(Request request, String encoded) {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(encoded.trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiException.unauthorized("invalid basic authentication");
    }
    int colon = decoded.indexOf(':');
    String user = colon < 0 ? decoded : decoded.substring(0, colon);
    String password = colon < 0 ? "" : decoded.substring(colon + 1);
    if (password.isEmpty() || password.equals("x-oauth-basic")) {
      return authenticate(withAuthorization(request, "token " + user));
    }
    try {
      return authenticator.authenticate(request);
    } catch (TooManyAttemptsException e) {
      throw ApiException.tooManyRequests(e.getMessage(), e.retryAfterSeconds());
    } catch (InvalidCredentialsException passwordFailed) {
      // Gitea also accepts a token in the password field.
      try {
        return authenticator.authenticate(withAuthorization(request, "token " + password));
      } catch (InvalidCredentialsException tokenFailed) {
        throw ApiException.unauthorized(message(passwordFailed));
      }
    }
  }

  private Identity authenticate(Request request) {
    try {
      return authenticator.authenticate(request);
    } catch (TooManyAttemptsException e) {
      throw ApiException.tooManyRequests(e.getMessage(), e.retryAfterSeconds());
    } catch (InvalidCredentialsException e) {
      throw ApiException.unauthorized(message(e));
    }
  }

  private static String message(InvalidCredentialsException e) {
    return e.getMessage() == null || e.getMessage().isBlank() ? "invalid credentials" : e.getMessage();
  }

  private static Request withAuthorization(Request request, String value) {
    HttpFields headers = HttpFields.build(request.getHeaders())
        .put(new HttpField(HttpHeader.AUTHORIZATION, value))
        .asImmutable();
    return new Request.Wrapper(request) {
      @Override
      public HttpFields getHeaders() {
        return headers;
      }
    };
  }
}
