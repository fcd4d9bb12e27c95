package dev.tidings.plugin.log;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import dev.tidings.plugin.lifecycle.Managed;

/** Bindings for the event store, its journal and its retention. */
public final class LogModule extends AbstractModule {

  @Override
  protected void configure() {
    bind(EventJournal.class);
    bind(SqliteEventLog.class);
    bind(EventStore.class).to(SqliteEventLog.class);
    bind(LogRetention.class);
    Multibinder<Managed> managed = Multibinder.newSetBinder(binder(), Managed.class);
    managed.addBinding().to(SqliteEventLog.class);
    managed.addBinding().to(LogRetention.class);
    managed.addBinding().to(EventJournal.class);
  }
}
