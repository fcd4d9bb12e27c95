package dev.tidings.plugin.ui;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import dev.tidings.plugin.lifecycle.Managed;
import dev.tidings.plugin.web.PluginRoute;

/** Bindings for the browser assets, the plugin's own pages and the host page contributions. */
public final class UiModule extends AbstractModule {

  @Override
  protected void configure() {
    bind(AssetRoute.class);
    bind(PageRoute.class);
    bind(PageContributor.class);
    Multibinder<PluginRoute> routes = Multibinder.newSetBinder(binder(), PluginRoute.class);
    routes.addBinding().to(AssetRoute.class);
    routes.addBinding().to(PageRoute.class);
    Multibinder.newSetBinder(binder(), Managed.class).addBinding().to(PageContributor.class);
  }
}
