package dev.samplehost.server.auth;

import dev.samplehost.api.AuthMethod;
import dev.samplehost.api.Authenticator;
import dev.samplehost.api.Identity;
import dev.samplehost.api.InvalidCredentialsException;
import dev.samplehost.api.Scopes;
import dev.samplehost.server.domain.AccessToken;
import dev.samplehost.server.domain.TokenLogin;
import dev.samplehost.server.domain.User;
import dev.samplehost.server.service.AccessTokenService;
import dev.samplehost.server.service.UserService;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

/**
 * Finds who makes a request: {@code Authorization} (Basic with password or token, {@code token},
 * {@code Bearer}), {@code ?token=}/{@code ?access_token=} on {@code /api/v1} only and only when
 * {@link AuthSettings#queryTokens()} is on, then the session cookie. Credentials that are present
 * but wrong fail; they never fall back to anonymous (a blank {@code Authorization} header is wrong
 * too). Password checks go through the {@link LoginThrottle} by client address and account.
 */
@Singleton
public class HostAuthenticator implements Authenticator {
  /** Request attribute holding the {@link AccessToken} when a request authenticated with a token. */
  public static final String TOKEN_ATTRIBUTE = "samplehost.token";
  /** Request attribute holding the {@link SessionService.Session} when the session cookie was used. */
  public static final String SESSION_ATTRIBUTE = "samplehost.session";
  /** Prefix of {@link Identity#credential()} for a session: followed by the SHA-256 of the session id. */
  public static final String SESSION_CREDENTIAL = "session:";
  /** Prefix of {@link Identity#credential()} for a token: followed by the token's id. */
  public static final String TOKEN_CREDENTIAL = "token:";
  private final UserService users;
  private final AccessTokenService tokens;
  private final SessionService sessions;
  private final AuthSettings settings;

  /** The outcome of checking credentials: the identity, plus the token or session used, if any. */
  public record Result(Identity identity, User user, AccessToken token, SessionService.Session session) {}

  @Inject
  HostAuthenticator(UserService users, AccessTokenService tokens, SessionService sessions, AuthSettings settings) {
    this.users = users;
    this.tokens = tokens;
    this.sessions = sessions;
    this.settings = settings;
  }

  @Override
  public Identity authenticate(Request request) throws InvalidCredentialsException {
    Result result = authenticateDetailed(request);
    if (result.token() != null) {
      request.setAttribute(TOKEN_ATTRIBUTE, result.token());
    }
    if (result.session() != null) {
      request.setAttribute(SESSION_ATTRIBUTE, result.session());
    }
    return result.identity();
  }

  /** Like {@link #authenticate} but also returns the token or session that was used. */
  public Result authenticateDetailed(Request request) throws InvalidCredentialsException {
    String path = Request.getPathInContext(request);
    String queryToken = null;
    if (path != null && (path.equals("/api/v1") || path.startsWith("/api/v1/"))) {
      Fields query = Request.extractQueryParameters(request);
      queryToken = query.getValue("token");
      if (queryToken == null) {
        queryToken = query.getValue("access_token");
      }
      if (queryToken != null && !settings.queryTokens()) {
        throw new InvalidCredentialsException("Tokens in the URL (?token=, ?access_token=) are disabled on this host;"
            + " send the header Authorization: token <token>");
      }
    }
    String cookie = null;
    for (HttpCookie c : Request.getCookies(request)) {
      if (SessionService.COOKIE.equals(c.getName())) {
        cookie = c.getValue();
      }
    }
    return authenticate(request.getHeaders().get(HttpHeader.AUTHORIZATION), queryToken, cookie,
        Request.getRemoteAddr(request));
  }

  /** The core check without a client address (password failures count against the account only). */
  public Result authenticate(String authorization, String queryToken, String sessionCookie)
      throws InvalidCredentialsException {
    return authenticate(authorization, queryToken, sessionCookie, null);
  }

  /**
   * The core check, independent of the request type (the git servlet filter uses it too);
   * {@code address} is the client's, for the password throttle (null: unknown).
   */
  public Result authenticate(String authorization, String queryToken, String sessionCookie, String address)
      throws InvalidCredentialsException {
    if (queryToken != null && !queryToken.isBlank()) {
      return token(queryToken);
    }
    if (authorization != null && authorization.isBlank()) {
      // Present but empty: an error, never a silent fall-back to the ambient session cookie.
      throw new InvalidCredentialsException("empty Authorization header");
    }
    if (authorization != null) {
      String header = authorization.trim();
      int space = header.indexOf(' ');
      String scheme = (space < 0 ? header : header.substring(0, space)).toLowerCase(Locale.ROOT);
      String value = space < 0 ? "" : header.substring(space + 1).trim();
      switch (scheme) {
        case "token", "bearer" -> {
          return token(value);
        }
        case "basic" -> {
          return basic(value, address);
        }
        default -> throw new InvalidCredentialsException("unsupported authorization scheme");
      }
    }
    if (sessionCookie != null && !sessionCookie.isBlank()) {
      Optional<SessionService.Session> session = sessions.find(sessionCookie);
      if (session.isPresent()) {
        User u = session.get().user();
        Identity identity = new Identity(Optional.of(u.toRef()), AuthMethod.SESSION_COOKIE, Scopes.unrestricted(),
            Optional.of(SESSION_CREDENTIAL + Passwords.sha256(sessionCookie)));
        return new Result(identity, u, null, session.get());
      }
      // An expired or unknown session cookie is treated as signed out, like every browser-facing host.
    }
    return new Result(Identity.anonymous(), null, null, null);
  }

  /**
   * Whether the identity's credential still holds: its session exists and has not expired, its
   * token was not deleted, its user exists. One indexed lookup, no cache: a cache would delay a
   * revocation, and plugins ask once per credential per re-check interval, not per message.
   */
  @Override
  public boolean isCurrent(Identity identity) {
    if (identity == null || identity.user().isEmpty()) {
      return true;
    }
    String login = identity.login();
    String credential = identity.credential().orElse(null);
    if (credential == null) {
      // Basic with a password carries no credential id: the user must still exist.
      return users.exists(login);
    }
    if (credential.startsWith(SESSION_CREDENTIAL)) {
      return sessions.isLive(credential.substring(SESSION_CREDENTIAL.length()), login);
    }
    if (credential.startsWith(TOKEN_CREDENTIAL)) {
      try {
        return tokens.tokenExists(Long.parseLong(credential.substring(TOKEN_CREDENTIAL.length())), login);
      } catch (NumberFormatException e) {
        return false;
      }
    }
    return false;
  }

  private Result token(String value) throws InvalidCredentialsException {
    Optional<TokenLogin> login = tokens.resolveToken(value);
    if (login.isEmpty()) {
      throw new InvalidCredentialsException("user does not exist [uid: 0, name: ]");
    }
    return tokenResult(login.get());
  }

  /** A token's identity: its scopes, and {@code token:<id>} as the credential to re-check later. */
  private static Result tokenResult(TokenLogin login) {
    User u = login.user();
    AccessToken token = login.token();
    Identity identity = new Identity(Optional.of(u.toRef()), AuthMethod.TOKEN, Scopes.of(token.scopes()),
        Optional.of(TOKEN_CREDENTIAL + token.id()));
    return new Result(identity, u, token, null);
  }

  private Result basic(String encoded, String address) throws InvalidCredentialsException {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new InvalidCredentialsException("invalid basic authentication");
    }
    int colon = decoded.indexOf(':');
    String user = colon < 0 ? decoded : decoded.substring(0, colon);
    String password = colon < 0 ? "" : decoded.substring(colon + 1);
    if (password.isEmpty() || "x-oauth-basic".equals(password)) {
      return token(user);
    }
    // Gitea tries the password as a token first, then as the password.
    Optional<TokenLogin> asToken = tokens.resolveToken(password);
    if (asToken.isPresent() && (user.isEmpty() || asToken.get().user().login().equalsIgnoreCase(user))) {
      return tokenResult(asToken.get());
    }
    Optional<User> verified = users.verifyPassword(user, password, address);
    if (verified.isEmpty()) {
      throw new InvalidCredentialsException("user's password is invalid [uid: 0, name: " + user + "]");
    }
    User u = verified.get();
    return new Result(new Identity(Optional.of(u.toRef()), AuthMethod.BASIC_PASSWORD), u, null, null);
  }
}
