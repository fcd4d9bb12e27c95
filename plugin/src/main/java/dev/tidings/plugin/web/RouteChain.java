package dev.tidings.plugin.web;

import dev.tidings.plugin.access.CookieWriteGuard;
import java.util.List;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks routes in turn until one takes the request; a route that throws gets a 500 JSON answer.
 * Behind {@code /plugins/tidings} the chain ends in a 404 JSON answer; under the host's
 * {@code /api/v1/} it declines instead, so the host answers paths no plugin serves.
 */
final class RouteChain extends Handler.Abstract {

  /** One link: {@link PluginRoute#handle} or {@link ApiRoute#handle}. */
  @FunctionalInterface
  interface Link {
    boolean handle(Request request, Response response, Callback callback) throws Exception;
  }

  private static final Logger log = LoggerFactory.getLogger(RouteChain.class);

  private final List<Link> links;
  private final boolean answerNotFound;
  private final CookieWriteGuard guard;

  private RouteChain(List<Link> links, boolean answerNotFound, CookieWriteGuard guard) {
    this.links = List.copyOf(links);
    this.answerNotFound = answerNotFound;
    this.guard = guard;
  }

  /**
   * The chain behind {@code /plugins/{name}}: every route, then 404; cookie writes from foreign
   * pages are refused first (the host guards its own {@code /api/v1} with its CSRF token).
   */
  static RouteChain plugin(List<PluginRoute> routes, CookieWriteGuard guard) {
    return new RouteChain(routes.stream().<Link>map(r -> r::handle).toList(), true, guard);
  }

  /** The chain the host offers the {@code /api/v1/} paths it does not serve itself. */
  static RouteChain api(List<ApiRoute> routes) {
    return new RouteChain(routes.stream().<Link>map(r -> r::handle).toList(), false, null);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    if (guard != null && guard.refuses(request)) {
      JsonResponses.error(response, callback, 403, "forbidden",
          "The session cookie is accepted only from the host's own pages or ws.allowedOrigins; this Origin is not allowed");
      return true;
    }
    try {
      for (Link link : links) {
        if (link.handle(request, response, callback)) {
          return true;
        }
      }
    } catch (Exception e) {
      if (e instanceof HttpException he && he.getCode() >= 400 && he.getCode() < 500 && !response.isCommitted()) {
        // Jetty refuses a malformed request lazily (e.g. a query with invalid UTF-8 when a route reads
        // its parameters): that is the client's error, answered as such, not a server failure.
        JsonResponses.error(response, callback, he.getCode(), "bad_request", "Malformed request: " + he.getReason());
        return true;
      }
      log.error("{} {} failed", request.getMethod(), request.getHttpURI().getPath(), e);
      if (!response.isCommitted()) {
        JsonResponses.error(response, callback, 500, "internal", "Internal error");
      } else {
        callback.failed(e);
      }
      return true;
    }
    if (!answerNotFound) {
      return false;
    }
    JsonResponses.error(response, callback, 404, "not_found", "No such Tidings resource: " + Request.getPathInContext(request));
    return true;
  }
}
