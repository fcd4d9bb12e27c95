package dev.tidings.plugin.poll;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import dev.tidings.plugin.web.PluginRoute;

/** The long-poll transport. */
public final class PollModule extends AbstractModule {

  @Override
  protected void configure() {
    bind(PollRoute.class);
    Multibinder.newSetBinder(binder(), PluginRoute.class).addBinding().to(PollRoute.class);
  }
}
