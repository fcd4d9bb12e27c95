package dev.tidings.plugin.ops;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import dev.tidings.plugin.config.TidingsConfig;
import dev.tidings.plugin.lifecycle.Managed;
import dev.tidings.plugin.log.HookRegistrar;
import dev.tidings.plugin.web.PluginRoute;

/** Bindings for the publish API, metrics and health, and the registration of the host hooks. */
public final class OpsModule extends AbstractModule {

  @Override
  protected void configure() {
    bind(PublishRoute.class).in(Singleton.class);
    bind(PublishLimits.class).in(Singleton.class);
    bind(PublishCaller.class).in(Singleton.class);
    bind(PublishTarget.class).in(Singleton.class);
    bind(PublishMetrics.class).in(Singleton.class);
    bind(PublishAnswer.class).in(Singleton.class);
    bind(MetricsRoute.class).in(Singleton.class);
    bind(HealthRoute.class).in(Singleton.class);
    bind(LogWriterHealth.class).in(Singleton.class);
    Multibinder<PluginRoute> routes = Multibinder.newSetBinder(binder(), PluginRoute.class);
    routes.addBinding().to(PublishRoute.class);
    routes.addBinding().to(MetricsRoute.class);
    routes.addBinding().to(HealthRoute.class);
    Multibinder.newSetBinder(binder(), HealthCheck.class).addBinding().to(LogWriterHealth.class);
    // Registered here, after the hub and notification modules, so that their Managed parts are
    // running before the host delivers the first push or issue event.
    bind(HookRegistrar.class).in(Singleton.class);
    Multibinder.newSetBinder(binder(), Managed.class).addBinding().to(HookRegistrar.class);
  }

  @Provides
  @Singleton
  PublishSettings publishSettings(TidingsConfig config) {
    return PublishSettings.from(config);
  }
}
