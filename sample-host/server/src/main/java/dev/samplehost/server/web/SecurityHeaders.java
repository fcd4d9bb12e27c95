package dev.samplehost.server.web;

import org.eclipse.jetty.server.Response;

/**
 * The security headers of every host page, in one place: a Content-Security-Policy that allows
 * only the host's own scripts, styles, workers and connections (no inline code: the layout's CSS is
 * {@code /assets/host.css}), no plugins/objects, framing only by the host itself; {@code nosniff};
 * and a referrer policy that keeps private repository URLs from leaking to other sites.
 */
public final class SecurityHeaders {
  /** The pages' policy. Plugins' pages use the same one (their assets are same-origin too). */
  public static final String PAGE_CSP =
      "default-src 'self'; object-src 'none'; frame-ancestors 'self'; base-uri 'self'; form-action 'self'";

  private SecurityHeaders() {}

  /** Sets the headers of an HTML page. */
  public static void page(Response response) {
    response.getHeaders().put("Content-Security-Policy", PAGE_CSP);
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    response.getHeaders().put("X-Frame-Options", "SAMEORIGIN");
    response.getHeaders().put("Referrer-Policy", "same-origin");
  }

  /** Sets the headers of a JSON API answer: never sniffed as HTML, even when it echoes user text. */
  public static void api(Response response) {
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
  }

  /** Sets the headers of a static asset (style sheet). */
  public static void asset(Response response) {
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    response.getHeaders().put("Referrer-Policy", "same-origin");
  }
}
