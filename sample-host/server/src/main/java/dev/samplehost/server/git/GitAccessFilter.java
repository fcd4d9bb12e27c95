package dev.samplehost.server.git;

import dev.samplehost.api.Identity;
import dev.samplehost.api.InvalidCredentialsException;
import dev.samplehost.api.Scopes;
import dev.samplehost.api.Permission;
import dev.samplehost.server.auth.HostAuthenticator;
import dev.samplehost.server.auth.TooManyAttemptsException;
import dev.samplehost.server.domain.Repository;
import dev.samplehost.server.domain.User;
import dev.samplehost.server.service.RepoService;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Authenticates and authorises git smart-HTTP requests before JGit sees them: reads need read
 * access (anonymous for public repositories), pushes need a signed-in writer. Missing credentials
 * get 401 with a Basic challenge (so git asks), invisible repositories 404, readers who push 403
 * with a plain-text reason that git shows as {@code remote: ...}. Tokens count with their scopes,
 * as in Gitea: clone and fetch need {@code read:repository}, push {@code write:repository}, and a
 * {@code public-only} token sees private repositories as missing. Password guessing that hit the
 * {@link dev.samplehost.server.auth.LoginThrottle} gets 429 with {@code Retry-After}.
 */
final class GitAccessFilter implements Filter {
  /** Request attribute: the authenticated {@link User}, absent for anonymous. */
  static final String USER = "samplehost.git.user";
  /** Request attribute: the {@link Identity} (with its scopes), absent for anonymous. */
  static final String IDENTITY = "samplehost.git.identity";
  /** Request attribute: the {@link Repository} addressed. */
  static final String REPO = "samplehost.git.repo";
  private static final String REALM = "Basic realm=\"Tidings sample host\"";
  private final HostAuthenticator authenticator;
  private final RepoService repos;

  GitAccessFilter(HostAuthenticator authenticator, RepoService repos) {
    this.authenticator = authenticator;
    this.repos = repos;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest req = (HttpServletRequest) request;
    HttpServletResponse res = (HttpServletResponse) response;
    String path = req.getRequestURI();
    Optional<GitRequest> git = GitRequest.parse(path, req.getQueryString());
    if (git.isEmpty()) {
      text(res, 404, "Not found");
      return;
    }
    HostAuthenticator.Result auth;
    try {
      auth = authenticator.authenticate(req.getHeader("Authorization"), null, null, req.getRemoteAddr());
    } catch (TooManyAttemptsException e) {
      res.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
      text(res, 429, e.getMessage());
      return;
    } catch (InvalidCredentialsException e) {
      challenge(res, "Invalid username or password");
      return;
    }
    User user = auth.user();
    Identity identity = auth.identity();
    if (user != null && !identity.allows("repository", false)) {
      // Checked before the repository is looked up: the answer must not depend on whether it exists.
      text(res, 403, missingScope(false));
      return;
    }
    Optional<Repository> repo = repos.find(git.get().owner(), git.get().name());
    String login = user == null ? null : user.login();
    Permission permission = repo.map(r -> permission(identity, login, r)).orElse(Permission.NONE);
    if (!permission.atLeast(Permission.READ)) {
      // Anonymous: ask for credentials (the repository may be private). Signed in: it does not exist for them.
      if (user == null) {
        challenge(res, "Authentication required");
      } else {
        text(res, 404, "Repository not found: " + git.get().owner() + "/" + git.get().name());
      }
      return;
    }
    if (git.get().receive()) {
      if (user == null) {
        challenge(res, "Authentication required to push to " + repo.get().fullName());
        return;
      }
      if (!identity.allows("repository", true)) {
        text(res, 403, missingScope(true));
        return;
      }
      if (!permission.atLeast(Permission.WRITE)) {
        text(res, 403, "You do not have write access to " + repo.get().fullName());
        return;
      }
    }
    if (user != null) {
      req.setAttribute(USER, user);
      req.setAttribute(IDENTITY, identity);
    }
    req.setAttribute(REPO, repo.get());
    chain.doFilter(request, response);
  }

  /** The caller's access to {@code repo}: none to a private one with a public-only token. */
  private Permission permission(Identity identity, String login, Repository repo) {
    if (identity.scopes().publicOnly() && repo.isPrivate()) {
      return Permission.NONE;
    }
    return repos.permission(login, repo);
  }

  /** The 403 text for a token without the scope (git prints it as {@code remote: ...}). */
  static String missingScope(boolean write) {
    return "token does not have at least one of required scope(s): [" + Scopes.needed("repository", write) + "]";
  }

  private static void challenge(HttpServletResponse res, String message) throws IOException {
    res.setHeader("WWW-Authenticate", REALM);
    text(res, 401, message);
  }

  private static void text(HttpServletResponse res, int status, String message) throws IOException {
    res.setStatus(status);
    res.setContentType("text/plain; charset=utf-8");
    byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
    res.setContentLength(body.length);
    res.getOutputStream().write(body);
  }
}
