package dev.tidings.plugin.hub;

import dev.tidings.plugin.config.HubSettings;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.Multibinder;
import dev.tidings.plugin.config.TidingsConfig;
import dev.tidings.plugin.lifecycle.Managed;
import jakarta.inject.Singleton;

/** Bindings for the hub: subscriptions, fan-out and replays, the connection registry and its timer. */
public final class HubModule extends AbstractModule {

  @Override
  protected void configure() {
    bind(HubMetrics.class);
    bind(Hub.class);
    bind(Connections.class);
    bind(HubTimer.class);
    bind(AccessRevoker.class);

    // Within a phase, started in this order and stopped in reverse.
    Multibinder<Managed> managed = Multibinder.newSetBinder(binder(), Managed.class);
    managed.addBinding().to(HubTimer.class);
    managed.addBinding().to(Hub.class);
    managed.addBinding().to(AccessRevoker.class);
  }

  @Provides
  @Singleton
  HubSettings hubSettings(TidingsConfig config) {
    return HubSettings.from(config);
  }
}
