package dev.tidings.plugin.presence;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.Multibinder;
import dev.tidings.plugin.config.TidingsConfig;
import dev.tidings.plugin.lifecycle.Managed;
import dev.tidings.plugin.web.PluginRoute;
import jakarta.inject.Singleton;

/** Bindings for presence and typing (docs/presence.md). */
public final class PresenceModule extends AbstractModule {

  @Override
  protected void configure() {
    bind(Presence.class);
    // In-process unless broker=redis sets the Redis directory (cluster.redis.RedisModule).
    com.google.inject.multibindings.OptionalBinder.newOptionalBinder(binder(), PresenceDirectory.class)
        .setDefault().toInstance(PresenceDirectory.LOCAL);
    bind(PresencePreferenceStore.class);
    bind(PresencePreferences.Source.class).to(PresencePreferenceStore.class);
    bind(PresencePreferencesApi.class);
    Multibinder.newSetBinder(binder(), PluginRoute.class).addBinding().to(PresencePreferencesApi.class);
    Multibinder.newSetBinder(binder(), Managed.class).addBinding().to(Presence.class);
  }

  @Provides
  @Singleton
  PresenceSettings presenceSettings(TidingsConfig config) {
    return PresenceSettings.from(config);
  }
}
