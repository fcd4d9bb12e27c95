package dev.tidings.plugin.sse;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import dev.tidings.plugin.web.PluginRoute;

/** The Server-Sent Events transport. */
public final class SseModule extends AbstractModule {

  @Override
  protected void configure() {
    bind(SseRoute.class);
    Multibinder.newSetBinder(binder(), PluginRoute.class).addBinding().to(SseRoute.class);
  }
}
