package dev.tidings.plugin.access;

import dev.samplehost.api.PluginContext;
import dev.tidings.plugin.config.HubSettings;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Which browser origins may use the session cookie: the host's own (from its base URL) plus
 * {@code ws.allowedOrigins}; origins compare by scheme, host and port (default ports implied).
 */
@Singleton
public final class OriginPolicy {

  private final Set<String> allowed = new HashSet<>();

  /** The host's origin plus the configured ones. */
  @Inject
  public OriginPolicy(PluginContext context, HubSettings settings) {
    add(context.baseUrl());
    for (String origin : settings.allowedOrigins()) {
      add(origin);
    }
  }

  private void add(String url) {
    String origin = normalise(url);
    if (origin != null) {
      allowed.add(origin);
    }
  }

  /** Whether the {@code Origin} header value is on the allow-list ({@code null} and "null" are not). */
  public boolean allows(String origin) {
    String o = normalise(origin);
    return o != null && allowed.contains(o);
  }

  /**
   * Whether {@code origin} is on the allow-list or names the very host the request was sent to
   * ({@code Host} header): a page of this server reached under another name (127.0.0.1 instead of
   * localhost) is still same-origin, and a browser cannot forge {@code Host} for another site.
   */
  public boolean allows(String origin, String hostHeader) {
    if (allows(origin)) {
      return true;
    }
    String o = normalise(origin);
    if (o == null || hostHeader == null || hostHeader.isBlank()) {
      return false;
    }
    String hostPort = o.substring(o.indexOf("://") + 3);
    String host = hostHeader.trim().toLowerCase(Locale.ROOT);
    if (host.equals(hostPort)) {
      return true;
    }
    // Host without a port: the default port of the origin's scheme.
    return !host.contains(":") && (hostPort.equals(host + ":80") || hostPort.equals(host + ":443"));
  }

  /**
   * Whether a browser says {@code request} comes from a page outside the allow-list: an
   * {@code Origin} that is not allowed, or {@code Sec-Fetch-Site: cross-site}/{@code same-site}.
   * Requests without browser headers (scripts, CLI clients) are not foreign.
   */
  public boolean foreignPage(org.eclipse.jetty.server.Request request) {
    String origin = request.getHeaders().get(org.eclipse.jetty.http.HttpHeader.ORIGIN);
    if (origin != null && !allows(origin, request.getHeaders().get(org.eclipse.jetty.http.HttpHeader.HOST))) {
      return true;
    }
    String site = request.getHeaders().get("Sec-Fetch-Site");
    return site != null && (site.equals("cross-site") || site.equals("same-site"));
  }

  /**
   * Whether {@code request} authenticates with {@code Authorization: Basic}: a browser caches
   * Basic credentials after a challenge and sends them like a cookie, so they are ambient too.
   */
  public static boolean basicAuthorization(org.eclipse.jetty.server.Request request) {
    String header = request.getHeaders().get(org.eclipse.jetty.http.HttpHeader.AUTHORIZATION);
    return header != null && header.trim().regionMatches(true, 0, "basic", 0, 5);
  }

  /** {@code scheme://host:port} in lower case, or null when {@code url} is not an http(s) URL. */
  static String normalise(String url) {
    if (url == null || url.isBlank() || url.equals("null")) {
      return null;
    }
    try {
      URI u = URI.create(url.trim());
      String scheme = u.getScheme() == null ? null : u.getScheme().toLowerCase(Locale.ROOT);
      if (u.getHost() == null || scheme == null || !(scheme.equals("http") || scheme.equals("https"))) {
        return null;
      }
      int port = u.getPort() != -1 ? u.getPort() : scheme.equals("https") ? 443 : 80;
      return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
