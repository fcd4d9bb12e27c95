package dev.tidings.plugin.transport.http;

import dev.tidings.plugin.hub.HubMetrics;
import dev.tidings.plugin.config.HubSettings;
import dev.tidings.plugin.hub.Outbox;
import dev.tidings.plugin.hub.OutboxSink;
import org.eclipse.jetty.util.Callback;

/**
 * An {@link Outbox} that is also Jetty's write callback (its {@code succeeded}/{@code failed}
 * already have Jetty's shape): a sink passes the outbox itself to Jetty, so a write allocates no
 * adapter and a connection holds no extra object.
 */
public final class JettyOutbox extends Outbox implements Callback {

  /** A queue writing through {@code sink} within the limits of {@code settings}. */
  public JettyOutbox(OutboxSink sink, HubSettings settings, HubMetrics metrics) {
    super(sink, settings, metrics);
  }
}
