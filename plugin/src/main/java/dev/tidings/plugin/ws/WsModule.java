package dev.tidings.plugin.ws;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import dev.tidings.plugin.web.PluginRoute;
import dev.tidings.plugin.web.WebSocketEndpoint;

/** The WebSocket transport: the upgrade endpoint and the answer to plain requests at its path. */
public final class WsModule extends AbstractModule {

  @Override
  protected void configure() {
    bind(WsUpgrade.class);
    bind(WebSocketEndpoint.class).to(WsUpgrade.class);
    bind(WsPlainRequestRoute.class);
    Multibinder.newSetBinder(binder(), PluginRoute.class).addBinding().to(WsPlainRequestRoute.class);
  }
}
