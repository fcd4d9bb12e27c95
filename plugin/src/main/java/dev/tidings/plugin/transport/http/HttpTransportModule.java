package dev.tidings.plugin.transport.http;

import com.google.inject.AbstractModule;

/** The gate shared by the plain-HTTP transports (SSE, long-poll). */
public final class HttpTransportModule extends AbstractModule {

  @Override
  protected void configure() {
    bind(HttpGate.class);
  }
}
