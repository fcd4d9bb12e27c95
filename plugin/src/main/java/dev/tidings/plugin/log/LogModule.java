package dev.tidings.plugin.log;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import dev.tidings.plugin.lifecycle.Managed;

/**
 * Bindings of the log in every mode: the journal, the durable input of notifications, stays in
 * the plugin's SQLite database. Which {@link EventStore} holds the channel history is the
 * composition root's choice ({@link SqliteLogModule} by default).
 */
public final class LogModule extends AbstractModule {

  @Override
  protected void configure() {
    bind(EventJournal.class);
    Multibinder.newSetBinder(binder(), Managed.class).addBinding().to(EventJournal.class);
  }
}
