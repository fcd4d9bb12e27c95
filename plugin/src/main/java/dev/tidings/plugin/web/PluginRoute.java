package dev.tidings.plugin.web;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One HTTP route of the plugin under {@code /plugins/tidings}; features contribute them through a
 * Guice multibinder and the plugin's router asks each in turn.
 */
public interface PluginRoute {

  /**
   * Handles the request if it is this route's (path in context, e.g. {@code /events}), returning
   * false otherwise, exactly like Jetty's {@code Request.Handler#handle}.
   */
  boolean handle(Request request, Response response, Callback callback) throws Exception;
}
