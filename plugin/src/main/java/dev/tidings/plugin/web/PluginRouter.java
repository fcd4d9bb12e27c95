package dev.tidings.plugin.web;

import java.util.List;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handler behind {@code /plugins/tidings}: asks every contributed {@link PluginRoute} in turn
 * and answers 404 JSON when none takes the request; a route that throws gets a 500 JSON answer.
 */
final class PluginRouter extends Handler.Abstract {

  private static final Logger log = LoggerFactory.getLogger(PluginRouter.class);

  private final List<PluginRoute> routes;

  PluginRouter(List<PluginRoute> routes) {
    this.routes = List.copyOf(routes);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    try {
      for (PluginRoute route : routes) {
        if (route.handle(request, response, callback)) {
          return true;
        }
      }
    } catch (Exception e) {
      log.error("{} {} failed", request.getMethod(), request.getHttpURI().getPath(), e);
      if (!response.isCommitted()) {
        JsonResponses.error(response, callback, 500, "internal", "Internal error");
      } else {
        callback.failed(e);
      }
      return true;
    }
    JsonResponses.error(response, callback, 404, "not_found", "No such Tidings resource: " + Request.getPathInContext(request));
    return true;
  }
}
