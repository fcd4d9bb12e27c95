package dev.tidings.plugin.web;

import dev.tidings.plugin.lifecycle.Phase;
import dev.samplehost.api.PluginContext;
import dev.samplehost.api.Registration;
import dev.samplehost.api.web.WebMounts;
import dev.tidings.plugin.lifecycle.Managed;
import dev.tidings.plugin.access.CookieWriteGuard;
import dev.tidings.plugin.hub.Connection;
import dev.tidings.plugin.hub.Connections;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.websocket.core.server.WebSocketServerComponents;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mounts the plugin's web face: {@code /plugins/tidings} (the WebSocket upgrade at {@code /ws},
 * then every {@link PluginRoute}, then 404 JSON) and the {@link ApiRoute}s under {@code /api/v1/}.
 * On stop it closes every client first with a resumable code (Jetty would otherwise drop them
 * with 1006), then unmounts.
 */
@Singleton
public final class PluginWebMount implements Managed {

  private static final Logger log = LoggerFactory.getLogger(PluginWebMount.class);

  private final WebMounts mounts;
  private final PluginContext context;
  private final WebSocketEndpoint webSocket;
  private final Connections connections;
  private final List<PluginRoute> routes;
  private final List<ApiRoute> apiRoutes;
  private final CookieWriteGuard guard;
  private final List<Registration> registrations = new ArrayList<>();

  /** Mounts the routes contributed through the multibinders. */
  @Inject
  public PluginWebMount(WebMounts mounts, PluginContext context, WebSocketEndpoint webSocket, Connections connections,
      CookieWriteGuard guard, Set<PluginRoute> routes, Set<ApiRoute> apiRoutes) {
    this.mounts = mounts;
    this.guard = guard;
    this.context = context;
    this.webSocket = webSocket;
    this.connections = connections;
    // A stable order (by class name) so that a route's precedence does not depend on binding order.
    this.routes = sorted(routes);
    this.apiRoutes = sorted(apiRoutes);
  }

  private static <T> List<T> sorted(Set<T> set) {
    List<T> list = new ArrayList<>(set);
    list.sort(Comparator.comparing(r -> r.getClass().getName()));
    return list;
  }

  @Override
  public Phase phase() {
    return Phase.WEB;
  }

  @Override
  public void start() {
    RouteChain router = RouteChain.plugin(routes, guard);
    Server[] server = new Server[1];
    registrations.add(mounts.mountPlugin(context.name(), ctx -> {
      server[0] = ctx.getServer();
      WebSocketUpgradeHandler ws = WebSocketUpgradeHandler.from(ctx.getServer(), ctx, webSocket::configure);
      webSocket.registerExtensions(WebSocketServerComponents.getWebSocketComponents(ctx).getExtensionRegistry());
      ws.setHandler(router);
      return ws;
    }));
    if (!apiRoutes.isEmpty()) {
      RouteChain api = RouteChain.api(apiRoutes, context.baseUrl());
      api.setServer(server[0]);
      registrations.add(mounts.addApiRoutes(api));
    }
    log.info("Tidings mounted at /plugins/{} ({} routes, {} API routes)", context.name(), routes.size(), apiRoutes.size());
  }

  @Override
  public void stop() throws InterruptedException {
    List<Connection> open = connections.snapshot();
    connections.shutdownAll();
    // Give the close frames a moment to go out before the host stops the context.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (open.stream().anyMatch(Connection::isOpen) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    for (int i = registrations.size() - 1; i >= 0; i--) {
      try {
        registrations.get(i).remove();
      } catch (RuntimeException e) {
        log.warn("Unmounting failed", e);
      }
    }
    registrations.clear();
  }
}
