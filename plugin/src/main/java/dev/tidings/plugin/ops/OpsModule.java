package dev.tidings.plugin.ops;

import com.google.inject.AbstractModule;

/** Bindings for the publish API, metrics and health. */
public final class OpsModule extends AbstractModule {

  @Override
  protected void configure() {
  }
}
