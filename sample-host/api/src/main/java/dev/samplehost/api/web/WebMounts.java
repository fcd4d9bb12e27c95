package dev.samplehost.api.web;

import dev.samplehost.api.Registration;
import java.util.function.Function;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.handler.ContextHandler;

/** Lets a plugin serve HTTP and WebSocket under {@code /plugins/{name}/} and add {@code /api/v1/} routes. */
public interface WebMounts {

  /**
   * Mounts the handler made by {@code factory} at {@code /plugins/{pluginName}} (the path
   * {@code /plugins/{pluginName}} itself is not redirected). The factory receives the plugin's
   * {@link ContextHandler}, already attached to the host's {@code Server}, so it can wrap its
   * handler in a Jetty {@code WebSocketUpgradeHandler}; the host starts and stops the context.
   */
  Registration mountPlugin(String pluginName, Function<ContextHandler, Handler> factory);

  /**
   * Adds a handler asked for every {@code /api/v1/} request the host does not route itself; it
   * returns false from {@code handle} to pass. The host answers 404 when no handler takes it.
   */
  Registration addApiRoutes(Handler handler);
}
