package dev.tidings.plugin.web;

import java.util.List;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The handler the host asks for {@code /api/v1/} paths it does not know: every {@link ApiRoute} in turn. */
final class ApiRouter extends Handler.Abstract {

  private static final Logger log = LoggerFactory.getLogger(ApiRouter.class);

  private final List<ApiRoute> routes;

  ApiRouter(List<ApiRoute> routes) {
    this.routes = List.copyOf(routes);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    try {
      for (ApiRoute route : routes) {
        if (route.handle(request, response, callback)) {
          return true;
        }
      }
      return false;
    } catch (Exception e) {
      log.error("{} {} failed", request.getMethod(), request.getHttpURI().getPath(), e);
      if (!response.isCommitted()) {
        JsonResponses.error(response, callback, 500, "internal", "Internal error");
      } else {
        callback.failed(e);
      }
      return true;
    }
  }
}
