package dev.tidings.plugin.hub;

import com.google.inject.AbstractModule;

/** Bindings for the hub and the WebSocket, SSE and long-poll transports (and the web mount). */
public final class HubModule extends AbstractModule {

  @Override
  protected void configure() {
  }
}
