package dev.tidings.plugin.ui;

import com.google.inject.AbstractModule;

/** Bindings for the browser assets and the host page contributions. */
public final class UiModule extends AbstractModule {

  @Override
  protected void configure() {
  }
}
