package dev.tidings.plugin.pipeline;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import dev.tidings.plugin.lifecycle.Managed;
import dev.tidings.plugin.log.EventLog;

/**
 * Bindings for what publishes to the broker: the event pipeline and the publishing log. The
 * {@code Broker} itself is the composition root's choice (in-process by default).
 */
public final class PipelineModule extends AbstractModule {

  @Override
  protected void configure() {
    bind(CommitOrder.class);
    bind(PublishingEventLog.class);
    bind(EventLog.class).to(PublishingEventLog.class);
    bind(EventPipeline.class);
    // Declared here so the set exists even when nobody contributes (notifications add to it).
    Multibinder.newSetBinder(binder(), CommittedEventListener.class);
    Multibinder.newSetBinder(binder(), Managed.class).addBinding().to(EventPipeline.class);
  }
}
