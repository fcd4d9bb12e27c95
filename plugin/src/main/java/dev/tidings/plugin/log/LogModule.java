package dev.tidings.plugin.log;

import com.google.inject.AbstractModule;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import dev.tidings.hooks.EventSink;
import dev.tidings.plugin.lifecycle.Managed;
import dev.tidings.plugin.broker.Broker;
import dev.tidings.plugin.broker.InProcessBroker;

/** Bindings for the event log, broker and event pipeline (hooks registration). */
public final class LogModule extends AbstractModule {

  @Override
  protected void configure() {
    bind(EventJournal.class).in(Singleton.class);
    bind(InProcessBroker.class).in(Singleton.class);
    bind(Broker.class).to(InProcessBroker.class);
    bind(SqliteEventLog.class).in(Singleton.class);
    bind(EventLog.class).to(SqliteEventLog.class);
    bind(EventPipeline.class).in(Singleton.class);
    bind(EventSink.class).to(dev.tidings.plugin.admission.AdmittingSink.class); // size guard + mention budget first
    // Declared here so the set exists even when nobody contributes (NOTIFY adds to it).
    Multibinder.newSetBinder(binder(), CommittedEventListener.class);
    Multibinder<Managed> managed = Multibinder.newSetBinder(binder(), Managed.class);
    managed.addBinding().to(SqliteEventLog.class);
    managed.addBinding().to(EventPipeline.class);
    managed.addBinding().to(EventJournal.class);
  }
}
