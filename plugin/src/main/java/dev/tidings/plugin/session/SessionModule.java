package dev.tidings.plugin.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.Multibinder;
import dev.tidings.plugin.access.CredentialWatcher;
import dev.tidings.plugin.config.TidingsConfig;
import dev.tidings.plugin.hub.Connections;
import dev.tidings.plugin.hub.Hub;
import dev.tidings.plugin.hub.HubMetrics;
import dev.tidings.plugin.config.HubSettings;
import dev.tidings.plugin.hub.HubTimer;
import dev.tidings.plugin.ops.HealthCheck;
import jakarta.inject.Singleton;

/** Bindings for the protocol engine every transport's sessions share, and the hub's health check. */
public final class SessionModule extends AbstractModule {

  @Override
  protected void configure() {
    bind(ChannelChecks.class);
    bind(HubHealth.class);
    Multibinder.newSetBinder(binder(), HealthCheck.class).addBinding().to(HubHealth.class);
  }

  @Provides
  @Singleton
  SessionContext sessionContext(Hub hub, ChannelChecks checks, Connections connections, HubSettings settings,
      HubMetrics metrics, HubTimer timer, ObjectMapper json, CredentialWatcher credentials, TidingsConfig config,
      dev.tidings.plugin.presence.Presence presence) {
    return new SessionContext(hub, checks, connections, settings, metrics, timer, json, credentials,
        config.getInt("ws.maxForbidden", 100), presence);
  }
}
