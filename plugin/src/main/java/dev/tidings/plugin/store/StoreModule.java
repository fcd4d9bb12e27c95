package dev.tidings.plugin.store;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import dev.tidings.plugin.lifecycle.Managed;

/** Bindings for the SQLite database (writer thread, Flyway). */
public final class StoreModule extends AbstractModule {

  @Override
  protected void configure() {
    bind(SqliteDatabase.class);
    bind(Database.class).to(SqliteDatabase.class);
    // First Managed part: everything after it may write at start.
    Multibinder.newSetBinder(binder(), Managed.class).addBinding().to(SqliteDatabase.class);
  }
}
