package dev.samplehost.server.web;

import dev.samplehost.server.auth.Passwords;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.FormFields;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/** Response, form and formatting helpers shared by the web pages. */
final class Web {
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private Web() {}

  static void html(Response response, Callback callback, int status, String html) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    SecurityHeaders.page(response);
    Content.Sink.write(response, true, html, callback);
  }

  /** The layout's style sheet ({@code /assets/host.css}): a file, so the CSP needs no inline styles. */
  static void css(Response response, Callback callback, String css) {
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/css; charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "public, max-age=300");
    SecurityHeaders.asset(response);
    Content.Sink.write(response, true, css, callback);
  }

  static void redirect(Request request, Response response, Callback callback, String location) {
    Response.sendRedirect(request, response, callback, 303, location, true);
  }

  /**
   * Most bytes of a form body: a comment of the largest allowed size (65,536 characters, up to 4
   * UTF-8 bytes each, percent-encoded to 3 characters a byte) plus a title and the other fields.
   * Jetty's default (200,000) refused long non-ASCII comments and the form came back empty.
   */
  static final int MAX_FORM_BYTES = 1 << 20;

  static Fields form(Request request) {
    try {
      return FormFields.getFields(request, 1000, MAX_FORM_BYTES);
    } catch (RuntimeException e) {
      return new Fields();
    }
  }

  static String value(Fields fields, String name) {
    String v = fields.getValue(name);
    return v == null ? "" : v;
  }

  static void setCookie(Response response, String name, String value, boolean remove) {
    setCookie(response, name, value, remove, false);
  }

  /** {@code secure}: the host is reached over https (its public URL), so the cookie never travels in clear. */
  static void setCookie(Response response, String name, String value, boolean remove, boolean secure) {
    HttpCookie.Builder b = HttpCookie.build(name, remove ? "" : value).path("/").httpOnly(true)
        .sameSite(HttpCookie.SameSite.LAX).secure(secure);
    if (remove) {
      b.maxAge(0);
    }
    Response.addCookie(response, b.build());
  }

  static String cookie(Request request, String name) {
    for (HttpCookie c : Request.getCookies(request)) {
      if (name.equals(c.getName())) {
        return c.getValue();
      }
    }
    return null;
  }

  static String when(Instant t) {
    return t == null ? "" : "<time datetime=\"" + t + "\">" + WHEN.format(t) + "</time>";
  }

  /** Whether the form's {@code _csrf} field carries {@code expected} (false without one); compared in constant time. */
  static boolean csrfMatches(String expected, Fields form) {
    return Passwords.secretsEqual(expected, form.getValue("_csrf"));
  }

  static String csrfField(String csrf) {
    return "<input type=\"hidden\" name=\"_csrf\" value=\"" + Html.esc(csrf) + "\">";
  }

  static String shortSha(String sha) {
    return sha == null ? "" : sha.substring(0, Math.min(10, sha.length()));
  }

  /** A positive whole number (an issue number, a page), or empty. */
  static Optional<Long> positiveNumber(String s) {
    try {
      long n = Long.parseLong(s);
      return n > 0 ? Optional.of(n) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
