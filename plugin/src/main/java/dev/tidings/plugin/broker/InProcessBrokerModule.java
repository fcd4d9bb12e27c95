package dev.tidings.plugin.broker;

import com.google.inject.AbstractModule;

/** The single-node broker: committed events go straight to this node's hub. */
public final class InProcessBrokerModule extends AbstractModule {

  @Override
  protected void configure() {
    bind(InProcessBroker.class);
    bind(Broker.class).to(InProcessBroker.class);
  }
}
