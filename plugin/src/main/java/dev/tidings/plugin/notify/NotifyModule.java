package dev.tidings.plugin.notify;

import com.google.inject.AbstractModule;

/** Bindings for notifications, watch levels, preferences and their REST API. */
public final class NotifyModule extends AbstractModule {

  @Override
  protected void configure() {
  }
}
