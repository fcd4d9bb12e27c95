package dev.tidings.plugin.hub;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import dev.tidings.plugin.lifecycle.Managed;
import dev.tidings.plugin.access.ChannelAuthorizer;
import dev.tidings.plugin.access.CookieWriteGuard;
import dev.tidings.plugin.access.CredentialWatcher;
import dev.tidings.plugin.access.HandshakeGuard;
import dev.tidings.plugin.access.OriginPolicy;
import dev.tidings.plugin.config.TidingsConfig;
import dev.tidings.plugin.ops.HealthCheck;
import dev.tidings.plugin.poll.PollRoute;
import dev.tidings.plugin.sse.SseRoute;
import dev.tidings.plugin.web.ApiRoute;
import dev.tidings.plugin.web.PluginRoute;
import dev.tidings.plugin.ws.WsPlainRequestRoute;
import dev.tidings.plugin.ws.WsServices;
import dev.tidings.plugin.ws.WsUpgrade;

/** Bindings for the hub and the WebSocket, SSE and long-poll transports (and the web mount). */
public final class HubModule extends AbstractModule {

  @Override
  protected void configure() {
    bind(HubMetrics.class);
    bind(Hub.class);
    bind(Connections.class);
    bind(HubTimer.class);
    bind(ChannelAuthorizer.class);
    bind(OriginPolicy.class);
    bind(HandshakeGuard.class);
    bind(HttpGate.class);
    bind(CookieWriteGuard.class);
    bind(AccessRevoker.class);
    bind(CredentialWatcher.class);
    bind(WsServices.class);
    bind(WsUpgrade.class);
    bind(WsPlainRequestRoute.class);
    bind(SseRoute.class);
    bind(PollRoute.class);
    bind(HubHealth.class);

    // Started in this order, stopped in reverse: the mount closes every client first.
    Multibinder<Managed> managed = Multibinder.newSetBinder(binder(), Managed.class);
    managed.addBinding().to(HubTimer.class);
    managed.addBinding().to(Hub.class);
    managed.addBinding().to(AccessRevoker.class);
    managed.addBinding().to(CredentialWatcher.class);

    Multibinder<PluginRoute> routes = Multibinder.newSetBinder(binder(), PluginRoute.class);
    routes.addBinding().to(SseRoute.class);
    routes.addBinding().to(PollRoute.class);
    routes.addBinding().to(WsPlainRequestRoute.class);
    Multibinder.newSetBinder(binder(), ApiRoute.class);

    Multibinder.newSetBinder(binder(), HealthCheck.class).addBinding().to(HubHealth.class);
  }

  @Provides
  @Singleton
  HubSettings hubSettings(TidingsConfig config) {
    return HubSettings.from(config);
  }
}
