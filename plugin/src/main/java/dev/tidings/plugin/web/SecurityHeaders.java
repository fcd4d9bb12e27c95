package dev.tidings.plugin.web;

import org.eclipse.jetty.server.Response;

/**
 * The plugin's security headers, in one place. JSON answers: {@code nosniff}, no referrer, and a
 * CSP that forbids everything (a JSON answer opened as a page runs nothing and cannot be framed).
 * HTML pages (rendered in the host's layout): the same CSP as the host's pages, which allows only
 * same-origin scripts, styles, workers and connections and no inline code.
 */
public final class SecurityHeaders {
  /** The CSP of the plugin's HTML pages. */
  public static final String PAGE_CSP =
      "default-src 'self'; object-src 'none'; frame-ancestors 'self'; base-uri 'self'; form-action 'self'";
  /** The CSP of JSON answers. */
  public static final String API_CSP = "default-src 'none'; frame-ancestors 'none'";

  private SecurityHeaders() {}

  /** Headers of a JSON answer. */
  public static void json(Response response) {
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    response.getHeaders().put("Referrer-Policy", "no-referrer");
    response.getHeaders().put("Content-Security-Policy", API_CSP);
  }

  /** Headers of an HTML page. */
  public static void page(Response response) {
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    response.getHeaders().put("Referrer-Policy", "same-origin");
    response.getHeaders().put("X-Frame-Options", "SAMEORIGIN");
    response.getHeaders().put("Content-Security-Policy", PAGE_CSP);
  }
}
