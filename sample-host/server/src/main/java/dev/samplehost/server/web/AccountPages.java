package dev.samplehost.server.web;

import dev.samplehost.api.web.PageSlot;
import dev.samplehost.server.auth.Passwords;
import dev.samplehost.server.auth.SessionService;
import dev.samplehost.server.domain.AccessToken;
import dev.samplehost.server.domain.NewAccessToken;
import dev.samplehost.server.domain.User;
import dev.samplehost.server.service.HostUrls;
import dev.samplehost.server.service.ServiceException;
import dev.samplehost.server.service.AccessTokenService;
import dev.samplehost.server.service.UserService;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.util.Fields;

/** Sign in, sign out and the user settings page (profile and access tokens). */
@Singleton
class AccountPages {
  static final String LOGIN_CSRF_COOKIE = "samplehost_login_csrf";
  private final Layout layout;
  private final UserService users;
  private final AccessTokenService tokens;
  private final SessionService sessions;
  private final HostUrls urls;

  @Inject
  AccountPages(Layout layout, UserService users, AccessTokenService tokens, SessionService sessions, HostUrls urls) {
    this.layout = layout;
    this.users = users;
    this.tokens = tokens;
    this.sessions = sessions;
    this.urls = urls;
  }

  /** Cookies are Secure when users reach the host over https (its public URL). */
  private void cookie(PageRequest p, String name, String value, boolean remove) {
    Web.setCookie(p.response(), name, value, remove, urls.baseUrl().startsWith("https://"));
  }

  void login(PageRequest p) {
    String redirect = safeRedirect(p.isPost() ? Web.value(Web.form(p.request()), "redirect_to") : p.query("redirect_to"));
    if (p.isPost()) {
      Fields form = Web.form(p.request());
      String expected = Web.cookie(p.request(), LOGIN_CSRF_COOKIE);
      if (!Web.csrfMatches(expected, form)) {
        showLogin(p, 403, "Your sign-in form expired. Please try again.", Web.value(form, "user_name"), redirect);
        return;
      }
      Optional<User> user;
      try {
        user = users.verifyPassword(Web.value(form, "user_name").trim(), Web.value(form, "password"),
            org.eclipse.jetty.server.Request.getRemoteAddr(p.request()));
      } catch (dev.samplehost.server.auth.TooManyAttemptsException e) {
        p.response().getHeaders().put(org.eclipse.jetty.http.HttpHeader.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
        showLogin(p, 429, e.getMessage() + ".", Web.value(form, "user_name"), redirect);
        return;
      }
      if (user.isEmpty()) {
        showLogin(p, 401, "Username or password is incorrect.", Web.value(form, "user_name"), redirect);
        return;
      }
      SessionService.Session session = sessions.create(user.get());
      cookie(p, SessionService.COOKIE, session.id(), false);
      cookie(p, LOGIN_CSRF_COOKIE, "", true);
      Web.redirect(p.request(), p.response(), p.callback(), redirect);
      return;
    }
    if (p.user() != null) {
      Web.redirect(p.request(), p.response(), p.callback(), redirect);
      return;
    }
    showLogin(p, 200, null, "", redirect);
  }

  private void showLogin(PageRequest p, int status, String error, String userName, String redirect) {
    String token = Passwords.randomHex(16);
    cookie(p, LOGIN_CSRF_COOKIE, token, false);
    StringBuilder b = new StringBuilder("<h1>Sign in</h1>");
    if (error != null) {
      b.append("<p class=\"error\" role=\"alert\">").append(Html.esc(error)).append("</p>");
    }
    b.append("<form method=\"post\" action=\"/user/login\" class=\"stack card\">")
        .append(Web.csrfField(token))
        .append("<input type=\"hidden\" name=\"redirect_to\" value=\"").append(Html.esc(redirect)).append("\">")
        .append("<label for=\"user_name\">Username</label>")
        .append("<input type=\"text\" id=\"user_name\" name=\"user_name\" autocomplete=\"username\" required value=\"")
        .append(Html.esc(userName)).append("\">")
        .append("<label for=\"password\">Password</label>")
        .append("<input type=\"password\" id=\"password\" name=\"password\" autocomplete=\"current-password\" required>")
        .append("<div><button type=\"submit\" class=\"primary\">Sign in</button></div></form>");
    Web.html(p.response(), p.callback(), status, layout.render(Layout.Page.of(null, null, "login", "Sign in"), b.toString()));
  }

  void logout(PageRequest p) {
    if (!p.isPost()) {
      Web.redirect(p.request(), p.response(), p.callback(), "/");
      return;
    }
    Fields form = Web.form(p.request());
    if (p.who().sessionId() != null && Web.csrfMatches(p.csrf(), form)) {
      // Deleting the session also tells plugins (CredentialEvent), which close its live connections.
      sessions.delete(p.who().sessionId());
      cookie(p, SessionService.COOKIE, "", true);
    }
    Web.redirect(p.request(), p.response(), p.callback(), "/");
  }

  void settings(PageRequest p) {
    if (p.user() == null) {
      Web.redirect(p.request(), p.response(), p.callback(), "/user/login?redirect_to=/user/settings");
      return;
    }
    User user = p.user();
    String newToken = null;
    String error = null;
    if (p.isPost()) {
      Fields form = Web.form(p.request());
      if (!Web.csrfMatches(p.csrf(), form)) {
        WebUi.forbidden(layout, p, "The form expired; reload the page and try again.");
        return;
      }
      try {
        if ("profile".equals(Web.value(form, "action"))) {
          user = users.updateProfile(user, Web.value(form, "full_name"), Web.value(form, "email"));
        } else {
          NewAccessToken created = tokens.createToken(user, Web.value(form, "token_name").trim(), List.of("all"));
          newToken = created.plaintext();
        }
      } catch (ServiceException e) {
        error = e.getMessage();
      }
    }
    StringBuilder b = new StringBuilder("<h1>Settings</h1>");
    if (error != null) {
      b.append("<p class=\"error\" role=\"alert\">").append(Html.esc(error)).append("</p>");
    }
    b.append("<h2>Profile</h2><form method=\"post\" action=\"/user/settings\" class=\"stack card\">")
        .append(Web.csrfField(p.csrf())).append("<input type=\"hidden\" name=\"action\" value=\"profile\">")
        .append("<p>Signed in as <strong>").append(Html.esc(user.login())).append("</strong>")
        .append(user.admin() ? " (site administrator)" : "").append("</p>")
        .append("<label for=\"full_name\">Full name</label><input type=\"text\" id=\"full_name\" name=\"full_name\" value=\"")
        .append(Html.esc(user.fullName())).append("\">")
        .append("<label for=\"email\">E-mail</label><input type=\"text\" id=\"email\" name=\"email\" value=\"")
        .append(Html.esc(user.email())).append("\">")
        .append("<div><button type=\"submit\">Update profile</button></div></form>");
    b.append("<h2>Access tokens</h2>");
    if (newToken != null) {
      b.append("<p class=\"card\">New token (copy it now, it is shown only once): <code class=\"sha\" id=\"new-token\">")
          .append(Html.esc(newToken)).append("</code></p>");
    }
    b.append("<ul class=\"list\">");
    List<AccessToken> mine = tokens.tokens(user);
    if (mine.isEmpty()) {
      b.append("<li class=\"muted\">No tokens yet.</li>");
    }
    for (AccessToken t : mine) {
      b.append("<li>").append(Html.esc(t.name())).append(" <span class=\"sha muted\">…")
          .append(Html.esc(t.lastEight())).append("</span> <span class=\"muted\">").append(Web.when(t.created()))
          .append("</span></li>");
    }
    b.append("</ul><form method=\"post\" action=\"/user/settings\" class=\"stack\">").append(Web.csrfField(p.csrf()))
        .append("<input type=\"hidden\" name=\"action\" value=\"token\">")
        .append("<label for=\"token_name\">New token name</label><input type=\"text\" id=\"token_name\" name=\"token_name\" required>")
        .append("<div><button type=\"submit\">Generate token</button></div></form>");
    b.append("<section class=\"plugin-slot\" data-host-slot=\"user-settings\">").append(layout.slot(PageSlot.USER_SETTINGS))
        .append("</section>");
    Web.html(p.response(), p.callback(), 200,
        layout.render(Layout.Page.of(user, p.csrf(), "settings", "Settings"), b.toString()));
  }

  /** Only same-site relative paths, so the login form cannot be used as an open redirect. */
  static String safeRedirect(String target) {
    if (target == null || target.isBlank() || !target.startsWith("/") || target.startsWith("//") || target.contains("\\")
        // Browsers drop tabs and newlines from URLs, so "/\t/evil.example" would become "//evil.example".
        || target.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      return "/";
    }
    return target;
  }
}
