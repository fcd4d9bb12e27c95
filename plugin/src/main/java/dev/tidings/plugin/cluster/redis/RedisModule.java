package dev.tidings.plugin.cluster.redis;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.Multibinder;
import dev.tidings.plugin.broker.Broker;
import dev.tidings.plugin.config.TidingsConfig;
import dev.tidings.plugin.lifecycle.Managed;
import dev.tidings.plugin.log.EventStore;
import dev.tidings.plugin.ops.HealthCheck;
import jakarta.inject.Singleton;

/**
 * {@code broker=redis}: the channel history and the fan-out in Redis ({@link RedisEventStore},
 * {@link RedisBroker}) in place of the SQLite log and the in-process broker, and the notification
 * router fed from the shared work stream ({@link RedisNotificationFeed}) in place of the node's
 * journal. Notifications, watches and preferences stay in the plugin's notification database
 * (PostgreSQL when several nodes share them).
 */
public final class RedisModule extends AbstractModule {

  @Override
  protected void configure() {
    bind(RedisConnections.class);
    bind(RedisEventStore.class);
    bind(EventStore.class).to(RedisEventStore.class);
    bind(RedisBroker.class);
    bind(Broker.class).to(RedisBroker.class);
    Multibinder<Managed> managed = Multibinder.newSetBinder(binder(), Managed.class);
    managed.addBinding().to(RedisConnections.class);
    managed.addBinding().to(RedisEventStore.class);
    managed.addBinding().to(RedisBroker.class);
    // Notifications are routed from the shared work stream, not from this node's journal.
    bind(RedisNotificationFeed.class);
    managed.addBinding().to(RedisNotificationFeed.class);
    bind(RedisPresenceDirectory.class);
    com.google.inject.multibindings.OptionalBinder.newOptionalBinder(binder(), dev.tidings.plugin.presence.PresenceDirectory.class)
        .setBinding().to(RedisPresenceDirectory.class);
    bind(RedisHealth.class);
    Multibinder.newSetBinder(binder(), HealthCheck.class).addBinding().to(RedisHealth.class);
  }

  @Provides
  @Singleton
  RedisSettings settings(TidingsConfig config) {
    return RedisSettings.from(config);
  }
}
