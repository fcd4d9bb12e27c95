package dev.tidings.plugin.log;

import com.google.inject.AbstractModule;

/** Bindings for the event log, broker and event pipeline (hooks registration). */
public final class LogModule extends AbstractModule {

  @Override
  protected void configure() {
  }
}
