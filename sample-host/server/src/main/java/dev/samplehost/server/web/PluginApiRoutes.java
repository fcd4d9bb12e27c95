package dev.samplehost.server.web;

import dev.samplehost.api.Registration;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code /api/v1} handlers plugins added through {@code WebMounts.addApiRoutes}; the REST layer
 * offers them every request it does not route itself.
 */
@Singleton
public class PluginApiRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(PluginApiRoutes.class);
  private final List<Handler> handlers = new CopyOnWriteArrayList<>();
  private final ContextHandlerCollection contexts;

  @Inject
  PluginApiRoutes(@Named(HostWebMounts.PLUGIN_CONTEXTS) ContextHandlerCollection contexts) {
    this.contexts = contexts;
  }

  /** Registers a handler (already started by the caller, or started here if not). */
  public Registration add(Handler handler) {
    try {
      if (handler.getServer() == null && contexts.getServer() != null) {
        handler.setServer(contexts.getServer());
      }
      if (!handler.isStarted()) {
        handler.start();
      }
    } catch (Exception e) {
      throw new IllegalStateException("Cannot start plugin API handler: " + e.getMessage(), e);
    }
    handlers.add(handler);
    return () -> {
      if (handlers.remove(handler)) {
        try {
          handler.stop();
        } catch (Exception e) {
          LOG.warn("Stopping plugin API handler failed", e);
        }
      }
    };
  }

  /** Tries each handler in registration order; true when one took the request (it owns the callback). */
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    for (Handler h : handlers) {
      if (h.handle(request, response, callback)) {
        return true;
      }
    }
    return false;
  }

  /** Stops and forgets every handler (host shutdown). */
  public void clear() {
    for (Handler h : handlers) {
      try {
        h.stop();
      } catch (Exception e) {
        LOG.warn("Stopping plugin API handler failed", e);
      }
    }
    handlers.clear();
  }
}
