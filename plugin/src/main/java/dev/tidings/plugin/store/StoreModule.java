package dev.tidings.plugin.store;

import com.google.inject.AbstractModule;

/** Bindings for the SQLite database (writer thread, Flyway). */
public final class StoreModule extends AbstractModule {

  @Override
  protected void configure() {
  }
}
