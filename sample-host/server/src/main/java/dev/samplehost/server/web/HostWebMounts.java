package dev.samplehost.server.web;

import dev.samplehost.api.Registration;
import dev.samplehost.api.web.WebMounts;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Mounts plugin handlers at {@code /plugins/{name}} on the running server and keeps their API routes. */
@Singleton
public class HostWebMounts implements WebMounts {
  /** Binding name of the collection holding the plugin contexts. */
  public static final String PLUGIN_CONTEXTS = "pluginContexts";
  private static final Logger LOG = LoggerFactory.getLogger(HostWebMounts.class);
  private static final Pattern NAME = Pattern.compile("[a-z0-9-]+");
  private final ContextHandlerCollection contexts;
  private final PluginApiRoutes apiRoutes;

  @Inject
  HostWebMounts(@Named(PLUGIN_CONTEXTS) ContextHandlerCollection contexts, PluginApiRoutes apiRoutes) {
    this.contexts = contexts;
    this.apiRoutes = apiRoutes;
  }

  @Override
  public Registration mountPlugin(String pluginName, Function<ContextHandler, Handler> factory) {
    if (pluginName == null || !NAME.matcher(pluginName).matches()) {
      throw new IllegalArgumentException("plugin name must match [a-z0-9-]+: " + pluginName);
    }
    ContextHandler context = new ContextHandler("/plugins/" + pluginName);
    context.setAllowNullPathInContext(true);
    // Attach first so that the factory can find the Server (WebSocketUpgradeHandler needs it).
    context.setServer(contexts.getServer());
    context.setHandler(factory.apply(context));
    contexts.addHandler(context);
    try {
      // A context added to a running collection is not started for us (STACK-NOTES pitfall 5).
      if (contexts.isStarted() && !context.isStarted()) {
        context.start();
      }
    } catch (Exception e) {
      contexts.removeHandler(context);
      throw new IllegalStateException("Cannot start /plugins/" + pluginName + ": " + e.getMessage(), e);
    }
    LOG.info("Mounted /plugins/{}", pluginName);
    return () -> {
      if (contexts.getHandlers().contains(context)) {
        contexts.removeHandler(context);
        try {
          context.stop();
        } catch (Exception e) {
          LOG.warn("Stopping /plugins/{} failed", pluginName, e);
        }
      }
    };
  }

  @Override
  public Registration addApiRoutes(Handler handler) {
    return apiRoutes.add(handler);
  }
}
