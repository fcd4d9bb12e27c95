package dev.tidings.plugin.ops;

import dev.samplehost.api.AccessControl;
import dev.samplehost.api.Authenticator;
import dev.samplehost.api.Identity;
import dev.samplehost.api.InvalidCredentialsException;
import dev.tidings.plugin.config.TidingsConfig;
import dev.tidings.plugin.web.HttpProblem;
import dev.tidings.plugin.web.PluginRoute;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /plugins/tidings/metrics}: every Tidings meter in Prometheus text format, for site
 * administrators or whoever sends {@code Authorization: Bearer <metrics.token>}.
 */
@Singleton
public final class MetricsRoute implements PluginRoute {

  /** The route's path inside the plugin's context. */
  public static final String PATH = "/metrics";

  private final PrometheusMeterRegistry registry;
  private final Authenticator authenticator;
  private final AccessControl access;
  private final byte[] token;

  @Inject
  MetricsRoute(PrometheusMeterRegistry registry, Authenticator authenticator, AccessControl access,
      TidingsConfig config) {
    this.registry = registry;
    this.authenticator = authenticator;
    this.access = access;
    String t = config.getString("metrics.token", "");
    this.token = t.isEmpty() ? null : ("Bearer " + t).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    if (!PATH.equals(Request.getPathInContext(request))) {
      return false;
    }
    if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
      throw HttpProblem.methodNotAllowed("GET, HEAD", "Use GET");
    }
    checkAllowed(request);
    byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(true, "HEAD".equals(request.getMethod()) ? null : ByteBuffer.wrap(body), callback);
    return true;
  }

  /** Passes the metrics token or a site administrator whose credential may read site-wide data; 401/403 otherwise. */
  private void checkAllowed(Request request) {
    String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    if (token != null && auth != null
        && MessageDigest.isEqual(token, auth.trim().getBytes(StandardCharsets.UTF_8))) {
      return;
    }
    Identity who;
    try {
      who = authenticator.authenticate(request);
    } catch (InvalidCredentialsException e) {
      // A metrics token that is wrong also lands here when the host does not know it either.
      throw HttpProblem.unauthenticated("Invalid credentials");
    }
    if (who.user().isEmpty()) {
      throw HttpProblem.unauthenticated("Metrics need a site administrator or Authorization: Bearer <metrics.token>")
          .withHeader("WWW-Authenticate", "Bearer realm=\"tidings-metrics\"");
    }
    if (!access.isAdmin(who.login())) {
      throw HttpProblem.forbidden("Metrics are for site administrators");
    }
    // A site administrator's token needs read:admin (Gitea's scope for site-wide data), so that a
    // token made for a narrow job does not read the instance's activity.
    if (!who.allows("admin", false)) {
      throw HttpProblem.forbidden("token does not have at least one of required scope(s): [read:admin]");
    }
  }
}
