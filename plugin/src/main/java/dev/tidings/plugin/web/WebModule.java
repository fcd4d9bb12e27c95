package dev.tidings.plugin.web;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import dev.tidings.plugin.lifecycle.Managed;

/**
 * Mounts {@code /plugins/tidings} and the {@code /api/v1} routes; installed last so the host only
 * sends requests once every feature behind the routes has started.
 */
public final class WebModule extends AbstractModule {

  @Override
  protected void configure() {
    bind(PluginWebMount.class);
    Multibinder.newSetBinder(binder(), Managed.class).addBinding().to(PluginWebMount.class);
    // Declared here so that the mount gets a (possibly empty) set whatever features are installed.
    Multibinder.newSetBinder(binder(), PluginRoute.class);
    Multibinder.newSetBinder(binder(), ApiRoute.class);
  }
}
