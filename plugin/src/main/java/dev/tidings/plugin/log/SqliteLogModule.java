package dev.tidings.plugin.log;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import dev.tidings.plugin.lifecycle.Managed;

/** The single-node event store: channel history in the plugin's SQLite database, with its retention. */
public final class SqliteLogModule extends AbstractModule {

  @Override
  protected void configure() {
    bind(SqliteEventLog.class);
    bind(EventStore.class).to(SqliteEventLog.class);
    bind(LogRetention.class);
    Multibinder<Managed> managed = Multibinder.newSetBinder(binder(), Managed.class);
    managed.addBinding().to(SqliteEventLog.class);
    managed.addBinding().to(LogRetention.class);
  }
}
